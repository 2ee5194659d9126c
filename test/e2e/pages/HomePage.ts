import { expect, type Locator, type Page } from '@playwright/test';

export class HomePage {
  readonly tryDemo: Locator;
  readonly addOrg: Locator;
  readonly orgs: Locator;
  constructor(readonly page: Page) {
    this.tryDemo = page.getByRole('button', { name: 'Try the demo org' });
    this.addOrg = page.getByRole('button', { name: 'Add org' });
    this.orgs = page.getByRole('table', { name: 'Orgs' });
  }
  async open(url: string) {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Integration User Auditor', level: 1 })).toBeVisible();
  }
}

export class AddOrgDialog {
  readonly dialog: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /Add an org|Reconnect/ });
  }
  field(label: string | RegExp) {
    return this.dialog.getByLabel(label);
  }
  async chooseMethod(label: string) {
    await this.dialog.getByLabel('How to connect').selectOption({ label });
  }
  async submit() {
    await this.dialog.getByRole('button', { name: /^(Add org|Reconnect)$/ }).click();
  }
  /** A field-level message is the field's accessible description (aria-describedby). */
  async expectFieldError(label: string | RegExp, message: string | RegExp) {
    await expect(this.field(label)).toHaveAttribute('aria-invalid', 'true');
    await expect(this.field(label)).toHaveAccessibleDescription(message);
  }
}
