import { AppError } from '../../../shared/contract';
import { requireDb } from '../context';
import { getSnapshotMeta, listSnapshots } from '../snapshots/repository';
import type { HandlerFactory } from './types';

export const snapshotHandlers: HandlerFactory<'snapshots.list' | 'snapshots.get'> = (ctx) => ({
  'snapshots.list': (input) => ({ snapshots: listSnapshots(requireDb(ctx), input.alias) }),
  'snapshots.get': (input) => {
    const meta = getSnapshotMeta(requireDb(ctx), input.id);
    if (!meta) throw new AppError('not_found', `No snapshot with id ${input.id}.`);
    return meta;
  },
});
