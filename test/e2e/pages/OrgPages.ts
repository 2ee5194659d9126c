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
    await this.page
      .getByRole('navigation', { name: 'Checks' })
      .getByRole('button', { name: new RegExp(`^${id} `) })
      .click();
    await expect(this.page.getByRole('heading', { level: 2, name: new RegExp(`^${id} `) })).toBeVisible();
  }
  async override(result: Locator, status: string, justification: string, reviewer: string) {
    await this.decide(result, { kind: 'Change the status', status, justification, reviewer });
  }
  /** Opens the decision form of a result, fills it and saves; the form closes on success. */
  async decide(
    result: Locator,
    d: {
      kind: 'Accept as an exception' | 'Plan remediation' | 'Change the status';
      status?: string;
      expires?: string;
      owner?: string;
      due?: string;
      justification: string;
      reviewer: string;
    },
  ) {
    await result.getByRole('button', { name: /^(Decide|Change decision)$/ }).click();
    const form = result.getByRole('form', { name: 'Decision' });
    await form.getByLabel('Decision').selectOption({ label: d.kind });
    if (d.status) await form.getByLabel('New status').selectOption({ label: d.status });
    if (d.expires) await form.getByLabel('Exception expires (optional)').fill(d.expires);
    if (d.owner) await form.getByLabel('Owner').fill(d.owner);
    if (d.due) await form.getByLabel('Due date').fill(d.due);
    await form.getByLabel('Justification').fill(d.justification);
    await form.getByLabel('Reviewer').fill(d.reviewer);
    await form.getByRole('button', { name: 'Save decision' }).click();
    await expect(form).toBeHidden();
  }
  /** Decides every result the review lists as pending with planned remediation, through the UI. */
  async planRemediationForAllPending(reviewer: string) {
    const pending = this.review.getByTestId('pending-decisions');
    for (let i = 0; i < 40 && (await pending.isVisible()); i++) {
      const next = pending.getByRole('button', { name: /^Decide / }).first();
      const [, id, user] = /^Decide (\S+)(?: \((.+)\))?$/.exec(((await next.textContent()) ?? '').trim())!;
      await next.click();
      await expect(this.step.locator('#step-heading')).toHaveText(new RegExp(`^${id} `));
      const card = this.step.getByRole('article', { name: `Result for ${user ?? 'Org-wide'}` });
      await this.decide(card, { kind: 'Plan remediation', owner: 'Marcus Lee', due: '2099-03-31', justification: 'Owner agreed to fix this in the next change window.', reviewer });
      // The list refreshes after the save: wait for it, so the next click lands on what it says.
      await expect(card.getByTestId('override-note')).toContainText('remediation planned');
      await expect(pending.getByRole('button', { name: `Decide ${id}${user ? ` (${user})` : ''}`, exact: true })).toHaveCount(0);
    }
    await expect(pending).toBeHidden();
  }
  async markReviewed() {
    await this.review.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect(this.review.getByTestId('review-state')).toHaveText('reviewed');
  }
  async signOff(name: string, role: string) {
    const form = this.review.getByRole('form', { name: 'Sign off' });
    if (!(await form.isVisible())) await this.review.getByRole('button', { name: 'Sign off', exact: true }).click();
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
