import { expect, type Locator, type Page } from '@playwright/test';

/** Notes on one check result of the checklist (the "Add note" form under a result card). */
export class ResultNotes {
  readonly form: Locator;
  readonly text: Locator;
  readonly author: Locator;
  readonly list: Locator;
  constructor(
    readonly page: Page,
    readonly result: Locator,
  ) {
    this.form = result.getByRole('form', { name: 'Note' });
    this.text = this.form.getByLabel('Note');
    this.author = this.form.getByLabel('Author');
    this.list = result.getByRole('list', { name: 'Notes' });
  }
  async open() {
    await this.result.getByRole('button', { name: 'Add note' }).click();
    await expect(this.form).toBeVisible();
  }
  async write(text: string, author: string) {
    await this.text.fill(text);
    await this.author.fill(author);
    await this.form.getByRole('button', { name: 'Save note' }).click();
  }
}

/** The dashboard's findings by check and severity (chart, summary line and table). */
export class FindingsPanel {
  readonly section: Locator;
  readonly chart: Locator;
  readonly bySeverity: Locator;
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Findings by check and severity' });
    this.chart = page.getByTestId('findings-chart');
    this.bySeverity = page.getByTestId('findings-by-severity');
    this.table = page.getByRole('table', { name: 'Findings by check' });
  }
  row(checkId: string) {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${checkId} `) }) });
  }
  async showTable() {
    await this.section.getByRole('button', { name: 'Show as table' }).click();
    await expect(this.table).toBeVisible();
  }
}
