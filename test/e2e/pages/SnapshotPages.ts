import { expect, type Locator, type Page } from '@playwright/test';

/** The Snapshots screen's table and its per-row file actions. */
export class SnapshotsScreen {
  readonly table: Locator;
  readonly fileInput: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Snapshots' });
    this.fileInput = page.getByLabel('Import a snapshot file (.iuasnap)');
  }
  exportButton(snapshotId?: string) {
    return this.page.getByRole('button', { name: snapshotId ? `Export snapshot ${snapshotId} to a file` : /^Export snapshot .* to a file$/ }).first();
  }
  deleteButton(snapshotId?: string) {
    return this.page.getByRole('button', { name: snapshotId ? `Delete snapshot ${snapshotId}` : /^Delete snapshot / }).first();
  }
}

export class ExportSnapshotDialog {
  readonly dialog: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Export snapshot file' });
  }
  get path() {
    return this.dialog.getByLabel(/File path/);
  }
  async write(): Promise<string> {
    await this.dialog.getByRole('button', { name: 'Write file' }).click();
    await expect(this.dialog.getByTestId('snapshot-export-result')).toBeVisible({ timeout: 30_000 });
    return (await this.dialog.getByTestId('snapshot-export-path').textContent()) ?? '';
  }
}

export class ImportSnapshotDialog {
  readonly dialog: Locator;
  readonly preview: Locator;
  readonly error: Locator;
  readonly importButton: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Import a snapshot file' });
    this.preview = this.dialog.getByTestId('import-preview');
    this.error = this.dialog.getByTestId('import-error');
    this.importButton = this.dialog.getByRole('button', { name: 'Import', exact: true });
  }
  async cancel() {
    await this.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

/** Drops a file on the window the way a file manager would (a real DataTransfer with a File). */
export async function dropFileOnWindow(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, b64 }) => {
      const raw = atob(b64);
      const buf = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) buf[i] = raw.charCodeAt(i);
      // Runs in the page; the node-side tsconfig has no DOM types.
      const w = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: unknown[], name: string, o: object) => unknown };
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([buf], name, { type: 'application/octet-stream' }));
      return dt;
    },
    { name, b64: bytes.toString('base64') },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}
