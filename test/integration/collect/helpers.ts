/**
 * Shared set-up for collector tests: a real demo org over HTTP, a real SQLite database in a
 * fresh data directory, and a back end wired with a persistent (passphrase-file) secret
 * store and short backoffs. `integrityOk` is asserted after every test.
 */
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import path from 'node:path';
import { startDemoOrg, type DemoOrg, type DemoOrgOptions } from '../../../electron/demo-org/index';
import { createBackend, type Backend, type BackendOptions } from '../../../electron/services/backend';
import { openRaw, DB_FILE, integrityCheck } from '../../../electron/services/store/db';
import { PassphraseFileSecretStore } from '../../../electron/services/secrets/passphrase-file-store';
import { tempDir } from '../../support/tmp';

export const PASSPHRASE = 'correct horse battery staple';

export interface Rig {
  org: DemoOrg;
  dataDir: string;
  backend: Backend;
  /** A new back end on the same data directory (a "restart"). */
  restart(): Backend;
  close(): Promise<void>;
}

export const FAST = { retry: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 4, budgetMs: 5_000, requestTimeoutMs: 10_000 }, bulk: { pollMaxMs: 50, jobTimeoutMs: 10_000 } };

export function backendFor(dataDir: string, extra: Partial<BackendOptions> = {}): Backend {
  return createBackend({ dataDir, door: 'cli', secretStore: new PassphraseFileSecretStore(dataDir, PASSPHRASE), salesforce: FAST, ...extra });
}

export async function rig(orgOptions: DemoOrgOptions = {}, extra: Partial<BackendOptions> = {}): Promise<Rig> {
  const org = await startDemoOrg(orgOptions);
  const dataDir = tempDir('iua-collect-');
  let backend = backendFor(dataDir, extra);
  const backends = [backend];
  return {
    org,
    dataDir,
    get backend() {
      return backend;
    },
    restart() {
      // The database closes at once; the demo org (if any) finishes closing in the background.
      void backend.close();
      backend = backendFor(dataDir, extra);
      backends.push(backend);
      return backend;
    },
    async close() {
      for (const b of backends) await b.close();
      await org.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  } as Rig;
}

export async function addByToken(r: Rig, alias = 'demo'): Promise<void> {
  await r.backend.call('orgs.add', { alias, method: 'access_token', instanceUrl: r.org.url, accessToken: r.org.accessToken });
}

/** Opens the database file read-only and runs PRAGMA integrity_check. */
export function integrityOf(dataDir: string): string {
  const db = openRaw(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return integrityCheck(db);
  } finally {
    db.close();
  }
}

export function withDb<T>(dataDir: string, fn: (db: ReturnType<typeof openRaw>) => T): T {
  const db = openRaw(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Every file under dir (recursively), as bytes. */
export function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const bytes = fs.readFileSync(file);
    out.push({ file, bytes });
    // Packs are zips (xlsx, CSV): their compressed bytes would hide a secret, so their entries count too.
    if (/\.(zip|xlsx)$/i.test(file)) for (const [name, data] of Object.entries(unzipSync(bytes))) out.push({ file: `${file}!${name}`, bytes: Buffer.from(data) });
  }
  return out;
}

export { runCliAsync } from '../../support/cli';

/** Dataset counts of the objects the collector reads through the data API. */
export function datasetCounts(org: DemoOrg, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, (org.dataset[n] ?? []).length]));
}
