import { expect, type Locator, type Page } from '@playwright/test';

/** The Collect screen: start, live progress, cancel, and the outcome. */
export class CollectPage {
  readonly start: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  readonly objects: Locator;
  readonly failed: Locator;
  readonly done: Locator;
  constructor(readonly page: Page) {
    this.start = page.getByRole('button', { name: 'Collect now' });
    this.cancel = page.getByRole('button', { name: 'Cancel collection' });
    this.progress = page.getByTestId('collect-progress');
    this.objects = page.getByRole('table', { name: 'Objects collected' });
    this.failed = page.getByTestId('collect-failed');
    this.done = page.getByTestId('collect-done');
  }
  async open(origin: string, alias: string) {
    await this.page.goto(`${origin}/#/orgs/${alias}/collect`);
    await expect(this.page.getByRole('heading', { name: `Collect ${alias}` })).toBeVisible();
  }
}
