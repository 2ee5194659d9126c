/**
 * `evidence.export`: refuses a damaged database, gathers the pack's data, writes it to a
 * temporary name in the destination folder and renames it into place, so a crash or a
 * failure never leaves a half-written pack under the final name.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { APP_VERSION } from '../app-version';
import type { AuditService } from '../audit/service';
import { requireDb, type ServiceContext } from '../context';
import { integrityCheck } from '../store/db';
import { gatherPack, type PackRequest } from './data';
import { writePack, type PackResult, type PackSink } from './pack';
import { csvSink, jsonSink } from './tabular-sink';
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
  return path.join(dataDir, 'exports', format === 'csv' ? `${base}-csv` : `${base}.${format}`);
}

export async function exportEvidence(ctx: ServiceContext, audit: AuditService, req: ExportRequest, now = new Date()): Promise<ExportResult> {
  const db = requireDb(ctx);
  const check = integrityCheck(db);
  if (check !== 'ok') {
    throw new AppError('damaged_database', `The database failed its integrity check (${check.slice(0, 500)}); no evidence is exported from a damaged database. Restore a backup and try again.`);
  }
  const pack = gatherPack(ctx, audit, req, now, APP_VERSION);
  const target = path.resolve(req.outPath ?? defaultExportPath(ctx.dataDir, req.orgAlias, pack.meta.id, req.format));
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.partial`);

  const sink: PackSink =
    req.format === 'xlsx'
      ? xlsxSink({ file: temp, title: `Evidence pack: ${pack.meta.orgName} (${pack.meta.orgId}), snapshot ${pack.meta.id}`, subject: 'Least-privilege review of Salesforce integration users', appVersion: APP_VERSION, created: now })
      : req.format === 'json'
        ? jsonSink(temp)
        : csvSink(temp);
  try {
    const result = await writePack(pack, sink);
    if (req.format === 'csv') fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(temp, target);
    ctx.log.info('evidence pack written', { path: target, digest: result.digest, rows: result.rows });
    return { ...result, path: target };
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
