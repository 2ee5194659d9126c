/**
 * `evidence.export`: refuses a damaged database, gathers the pack's data, writes it to a
 * private (0600) temporary name in the destination folder and moves it into place, so a crash
 * or a failure never leaves a half-written pack under the final name. Nothing that exists is
 * ever replaced or deleted: a chosen path that exists is refused before any work is done, and
 * the default path takes the next free name (`… (2).xlsx`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { APP_VERSION } from '../app-version';
import { makePrivateDir, placeWithoutReplacing } from '../atomic-file';
import type { AuditService } from '../audit/service';
import { requireDb, type ServiceContext } from '../context';
import { integrityCheck } from '../store/db';
import { gatherPack, type PackRequest } from './data';
import { writePack, type PackResult, type PackSink } from './pack';
import { csvZipSink, jsonSink } from './tabular-sink';
import { xlsxSink } from './xlsx-sink';

export type EvidenceFormat = 'xlsx' | 'json' | 'csv';

export interface ExportRequest extends PackRequest {
  format: EvidenceFormat;
  outPath?: string;
}

export interface ExportResult extends PackResult {
  path: string;
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);

export function defaultExportPath(dataDir: string, alias: string, snapshotId: string, format: EvidenceFormat): string {
  const base = `${safeName(alias)}-${safeName(snapshotId)}`;
  return path.join(dataDir, 'exports', format === 'csv' ? `${base}-csv.zip` : `${base}.${format}`);
}

/** `name.xlsx` → `name (2).xlsx`; `name-csv.zip` → `name-csv (2).zip`. */
function numbered(file: string, n: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)} (${n})${ext}`;
}

function refuseExisting(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return;
  }
  if (stat.isDirectory())
    throw new AppError(
      'validation',
      `${target} is a folder. Give a file name for the pack (for example ${path.join(target, 'evidence.xlsx')}); nothing in the folder was touched.`,
    );
  throw new AppError('validation', `${target} already exists. Choose another file name or move the existing file away; it was not changed.`);
}

export async function exportEvidence(ctx: ServiceContext, audit: AuditService, req: ExportRequest, now = new Date()): Promise<ExportResult> {
  const db = requireDb(ctx);
  const check = integrityCheck(db);
  if (check !== 'ok') {
    throw new AppError(
      'damaged_database',
      `The database failed its integrity check (${check.slice(0, 500)}); no evidence is exported from a damaged database. Restore a backup and try again.`,
    );
  }
  const pack = gatherPack(ctx, audit, req, now, APP_VERSION);
  const chosen = req.outPath !== undefined;
  const target = path.resolve(req.outPath ?? defaultExportPath(ctx.dataDir, req.orgAlias, pack.meta.id, req.format));
  if (chosen) refuseExisting(target);
  const dir = path.dirname(target);
  try {
    makePrivateDir(dir);
  } catch (err) {
    throw new AppError('validation', `Cannot create the folder ${dir} for the pack (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was written.`);
  }
  const temp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.partial`);
  // Created here, private, so every sink writes into a file that is ours and 0600 from the start.
  fs.closeSync(fs.openSync(temp, 'wx', 0o600));

  const sink: PackSink =
    req.format === 'xlsx'
      ? xlsxSink({
          file: temp,
          title: `Evidence pack: ${pack.meta.orgName} (${pack.meta.orgId}), snapshot ${pack.meta.id}`,
          subject: 'Least-privilege review of Salesforce integration users',
          appVersion: APP_VERSION,
          created: now,
        })
      : req.format === 'json'
        ? jsonSink(temp)
        : csvZipSink(temp);
  try {
    const result = await writePack(pack, sink);
    let placed = target;
    for (let n = 2; !placeWithoutReplacing(temp, placed); n++) {
      if (chosen || n > 999) refuseExisting(placed);
      placed = numbered(target, n);
    }
    ctx.log.info('evidence pack written', { path: placed, digest: result.digest, rows: result.rows });
    return { ...result, path: placed };
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}
