import path from 'node:path';
import type { AuditService } from '../audit/service';
import { exportEvidence } from '../evidence/export';
import { verifyPack } from '../evidence/verify';
import type { HandlerFactory } from './types';

export function evidenceHandlers(audit: AuditService): HandlerFactory<'evidence.export' | 'evidence.verify'> {
  return (ctx) => ({
    'evidence.export': async (input) => {
      const r = await exportEvidence(ctx, audit, {
        orgAlias: input.orgAlias,
        format: input.format,
        ...(input.snapshotId ? { snapshotId: input.snapshotId } : {}),
        ...(input.since ? { since: input.since } : {}),
        ...(input.systems?.length ? { systems: input.systems } : {}),
        ...(input.outPath ? { outPath: input.outPath } : {}),
      });
      audit.log(input.orgAlias, {
        actor: input.actor,
        action: 'export',
        snapshotId: input.snapshotId ?? null,
        detail: `${input.format} evidence pack ${path.basename(r.path)} (digest ${r.digest})${input.systems?.length ? ` for ${input.systems.join(', ')}` : ''}`,
      });
      return { path: r.path, digest: r.digest, rows: r.rows };
    },
    'evidence.verify': async (input) => {
      return verifyPack(input.path, input.digest);
    },
  });
}
