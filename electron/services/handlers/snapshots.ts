import { AppError } from '../../../shared/contract';
import type { AuditService } from '../audit/service';
import { requireDb } from '../context';
import { getOrg } from '../orgs/repository';
import { deleteSnapshot } from '../snapshots/delete';
import { importSnapshotFile, previewSnapshotFile } from '../snapshot-files/import';
import { discardIfStaged, ensureDefaultExportDir, stageSnapshotFile } from '../snapshot-files/stage';
import { exportSnapshotFile } from '../snapshot-files/write';
import { getSnapshotMeta, listSnapshots } from '../snapshots/repository';
import type { HandlerFactory } from './types';

type SnapshotCalls = 'snapshots.list' | 'snapshots.get' | 'snapshots.export' | 'snapshots.preview' | 'snapshots.import' | 'snapshots.delete' | 'snapshots.stage';

export function snapshotHandlers(audit: AuditService): HandlerFactory<SnapshotCalls> {
  return (ctx) => ({
    'snapshots.list': (input) => ({ snapshots: listSnapshots(requireDb(ctx), input.alias) }),
    'snapshots.get': (input) => {
      const meta = getSnapshotMeta(requireDb(ctx), input.id);
      if (!meta) throw new AppError('not_found', `No snapshot with id ${input.id}.`);
      return meta;
    },
    'snapshots.export': async (input) => {
      const db = requireDb(ctx);
      const id = input.snapshotId ?? getOrg(db, input.orgAlias)?.currentSnapshotId;
      if (!id) throw new AppError('not_found', `Org "${input.orgAlias}" has no snapshot to export.`);
      const meta = getSnapshotMeta(db, id);
      if (!meta || meta.orgAlias !== input.orgAlias) throw new AppError('not_found', `No snapshot ${id} for org "${input.orgAlias}".`);
      ensureDefaultExportDir(ctx.dataDir, input.outPath);
      return exportSnapshotFile(db, id, input.outPath, { passphrase: input.passphrase });
    },
    'snapshots.stage': (input) => stageSnapshotFile(ctx.dataDir, input),
    'snapshots.preview': (input) => previewSnapshotFile(requireDb(ctx), { path: input.path, passphrase: input.passphrase, alias: input.alias }),
    'snapshots.import': async (input) => {
      const r = await importSnapshotFile(requireDb(ctx), { path: input.path, passphrase: input.passphrase, alias: input.alias });
      audit.forget(r.snapshotId);
      discardIfStaged(ctx.dataDir, input.path);
      ctx.events.emit('data.changed', { orgAlias: r.orgAlias, what: r.orgCreated ? 'orgs' : 'snapshots' });
      return r;
    },
    'snapshots.delete': (input) => {
      const r = deleteSnapshot(requireDb(ctx), input);
      audit.forget(r.snapshotId);
      ctx.events.emit('data.changed', { orgAlias: r.orgAlias, what: 'snapshots' });
      return r;
    },
  });
}
