import { expect, type Locator, type Page } from '@playwright/test';

/** The org workspace: nav, context bar and the screens behind them. */
export class OrgWorkspace {
  readonly nav: Locator;
  readonly contextBar: Locator;
  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Org sections' });
    this.contextBar = page.getByRole('region', { name: 'Org and snapshot' });
  }
  async go(section: 'Dashboard' | 'Integration users' | 'Systems & checklists' | 'Drift' | 'Evidence' | 'Snapshots' | 'Collect') {
    await this.nav.getByRole('link', { name: section }).click();
  }
}

export class DashboardPage {
  readonly risks: Locator;
  constructor(readonly page: Page) {
    this.risks = page.getByTestId('risk-sentence');
  }
  async expectLoaded() {
    await expect(this.page.getByRole('heading', { name: /^Dashboard:/ })).toBeVisible();
  }
}

export class UsersPage {
  readonly table: Locator;
  readonly search: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Integration users' });
    this.search = page.getByLabel('Search integration users');
  }
  row(username: string) {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: username, exact: true }) });
  }
  async openUser(username: string) {
    await this.table.getByRole('link', { name: username, exact: true }).click();
  }
}

export class UserDetailPage {
  readonly provenance: Locator;
  constructor(readonly page: Page) {
    this.provenance = page.getByTestId('provenance');
  }
  async showGrantOf(permissionLabel: string | RegExp) {
    await this.page.getByRole('button', { name: permissionLabel }).first().click();
  }
}

export class ChecklistPage {
  readonly step: Locator;
  readonly review: Locator;
  constructor(readonly page: Page) {
    this.step = page.getByTestId('check-step');
    this.review = page.getByTestId('review-controls');
  }
  async openCheck(id: string) {
    await this.page.getByRole('navigation', { name: 'Checks' }).getByRole('button', { name: new RegExp(`^${id} `) }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: new RegExp(`^${id} `) })).toBeVisible();
  }
  async override(result: Locator, status: string, justification: string, reviewer: string) {
    await result.getByRole('button', { name: 'Override status' }).click();
    const form = result.getByRole('form', { name: 'Override' });
    await form.getByLabel('New status').selectOption({ label: status });
    await form.getByLabel('Justification').fill(justification);
    await form.getByLabel('Reviewer').fill(reviewer);
    await form.getByRole('button', { name: 'Save override' }).click();
  }
  async markReviewed() {
    await this.review.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect(this.review.getByTestId('review-state')).toHaveText('reviewed');
  }
  async signOff(name: string, role: string) {
    await this.review.getByRole('button', { name: 'Sign off' }).click();
    const form = this.review.getByRole('form', { name: 'Sign off' });
    await form.getByLabel('Your name').fill(name);
    await form.getByLabel('Your role').fill(role);
    await form.getByRole('button', { name: /^Sign off / }).click();
  }
}

export class EvidencePage {
  constructor(readonly page: Page) {}
  async exportPack() {
    await this.page.getByRole('button', { name: 'Export evidence pack' }).click();
    await expect(this.page.getByTestId('export-result')).toBeVisible({ timeout: 30_000 });
    return { path: (await this.page.getByTestId('export-path').textContent()) ?? '', digest: (await this.page.getByTestId('export-digest').textContent()) ?? '' };
  }
  async verify() {
    await this.page.getByRole('button', { name: 'Verify', exact: true }).click();
    return this.page.getByTestId('verify-result');
  }
}
