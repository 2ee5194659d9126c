import path from 'node:path';
import { AppError } from '../../../shared/contract';
import type { AuditService } from '../audit/service';
import { exportEvidence } from '../evidence/export';
import { verifyPack } from '../evidence/verify';
import type { HandlerFactory } from './types';

export function evidenceHandlers(audit: AuditService): HandlerFactory<'evidence.export' | 'evidence.verify'> {
  return (ctx) => ({
    'evidence.export': async (input) => {
      if (input.outPath !== undefined && !path.isAbsolute(input.outPath)) throw new AppError('validation', 'outPath must be an absolute path.');
      const r = await exportEvidence(ctx, audit, {
        orgAlias: input.orgAlias,
        format: input.format,
        ...(input.snapshotId ? { snapshotId: input.snapshotId } : {}),
        ...(input.since ? { since: input.since } : {}),
        ...(input.systems?.length ? { systems: input.systems } : {}),
        ...(input.outPath ? { outPath: input.outPath } : {}),
      });
      audit.log(input.orgAlias, { action: 'export', snapshotId: input.snapshotId ?? null, detail: `${input.format} evidence pack ${path.basename(r.path)} (digest ${r.digest})${input.systems?.length ? ` for ${input.systems.join(', ')}` : ''}` });
      return { path: r.path, digest: r.digest, rows: r.rows };
    },
    'evidence.verify': async (input) => {
      if (!path.isAbsolute(input.path)) throw new AppError('validation', 'path must be an absolute path.');
      return verifyPack(input.path, input.digest);
    },
  });
}
