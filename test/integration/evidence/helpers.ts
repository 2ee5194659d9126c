/**
 * Shared set-up for evidence pack tests: a real back end in a temporary data directory with a
 * synthetic org stored through the real repository, and raw readers for the written zip.
 */
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import type { SnapshotData } from '../../../shared/model';
import type { ScopeFile } from '../../../shared/audit/scope';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

export interface Env {
  backend: Backend;
  dataDir: string;
  out: string;
}

export async function setup(alias: string, snapshots: [string, SnapshotData][], scope: ScopeFile): Promise<Env> {
  const dataDir = tempDir('iua-evidence-');
  const backend = createBackend({ dataDir, door: 'cli' });
  for (const [id, data] of snapshots) storeSnapshot(requireDb(backend.ctx), alias, data, id);
  const r = await backend.dispatch('scope.save', { orgAlias: alias, scope });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const out = path.join(dataDir, 'out');
  fs.mkdirSync(out);
  return { backend, dataDir, out };
}

export async function call<T>(backend: Backend, name: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** Every entry of a zip, inflated, by name. */
export function unzipAll(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Sheet name → its XML, following workbook.xml and its relationships. */
export async function sheetXml(file: string): Promise<{ order: string[]; xml: Map<string, string>; shared: string; workbook: string; core: string }> {
  const z = await unzipAll(file);
  const workbook = z.get('xl/workbook.xml')!.toString('utf8');
  const rels = z.get('xl/_rels/workbook.xml.rels')!.toString('utf8');
  const target = new Map([...rels.matchAll(/Id="(rId\d+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const order: string[] = [];
  const xml = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"/g)) {
    const name = m[1].replace(/&amp;/g, '&');
    order.push(name);
    xml.set(name, z.get(`xl/${target.get(m[2])}`)!.toString('utf8'));
  }
  return { order, xml, shared: z.get('xl/sharedStrings.xml')?.toString('utf8') ?? '', workbook, core: z.get('docProps/core.xml')!.toString('utf8') };
}

export const VISIBLE_SHEETS = [
  'Cover',
  'Summary',
  'Checklist',
  'Remediation Plan',
  'Users',
  'Effective Access',
  'Sensitive Fields',
  'System Permissions',
  'Logins',
  'Changes',
  'Drift',
  'Coverage',
  'Usage',
  'Review Log',
  'Manifest',
];
