import { expect, type Locator, type Page } from '@playwright/test';

/** The Drift screen: two snapshot pickers and the differences between them. */
export class DriftPage {
  readonly from: Locator;
  readonly to: Locator;
  readonly result: Locator;
  readonly permissions: Locator;
  readonly checks: Locator;
  constructor(readonly page: Page) {
    this.from = page.getByLabel('From (older)');
    this.to = page.getByLabel('To (newer)');
    this.result = page.getByTestId('drift-result');
    this.permissions = page.getByRole('table', { name: 'Permission changes' });
    this.checks = page.getByRole('table', { name: 'Check changes' });
  }
  async expectLoaded() {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Drift' })).toBeVisible();
  }
  async compare(fromId: string, toId: string) {
    await this.from.selectOption(fromId);
    await this.to.selectOption(toId);
  }
  section(title: RegExp | string) {
    return this.result.getByRole('region', { name: title });
  }
  /** Rows of a table that have a cell for every pattern (strings match a whole cell). */
  rowsWith(table: Locator, ...cells: (string | RegExp)[]) {
    let rows = table.getByRole('row');
    for (const c of cells) rows = rows.filter({ has: this.page.getByRole('cell', { name: c, exact: typeof c === 'string' }) });
    return rows;
  }
}

/** The context bar's *Based on* snapshot picker. */
export class SnapshotPicker {
  readonly select: Locator;
  readonly shown: Locator;
  constructor(readonly page: Page) {
    this.select = page.getByRole('region', { name: 'Org and snapshot' }).getByLabel('Based on');
    this.shown = page.getByTestId('context-snapshot');
  }
  async choose(snapshotId: string) {
    await this.select.selectOption(snapshotId);
  }
}
