/**
 * A fresh data directory with an open database and one registered org `o`, for store-level unit
 * tests (snapshot repository, staging, ordering). Directories are removed after each test.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openDatabase } from '../../electron/services/store/db';
import { upsertOrg } from '../../electron/services/orgs/repository';
import { tempDir } from './tmp';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function scratchOrgDb(prefix: string): Database.Database {
  const dir = tempDir(prefix);
  dirs.push(dir);
  const state = openDatabase(dir);
  if (state.state !== 'ok') throw new Error(state.message);
  upsertOrg(state.db, {
    alias: 'o',
    orgId: '00D000000000001',
    orgName: 'Org',
    instanceUrl: 'https://x',
    loginUrl: null,
    apiVersion: '62.0',
    authMethod: 'access_token',
    username: 'u',
    clientId: null,
    redirectPort: null,
  });
  return state.db;
}
