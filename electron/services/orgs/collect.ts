/**
 * `collect.start`: one collection of one org, end to end. Locks the org (in this process and
 * across processes), collects over the network while each page is staged in SQLite (bounded
 * memory; snapshots/staging.ts), then commits: one synchronous transaction copies the staged
 * rows, hashes them and makes the snapshot current. Any failure or cancellation before that
 * transaction discards the staged rows and leaves the snapshots exactly as they were.
 */
import { AppError } from '../../../shared/contract';
import type { CollectResult } from '../../../shared/contract/collect';
import { APP_VERSION } from '../app-version';
import type { ServiceContext } from '../context';
import { requireDb } from '../context';
import { apiBudget } from '../salesforce/budget';
import { DEFAULT_RETRY, SfClient } from '../salesforce/client';
import { collect, DEFAULT_COLLECT } from '../salesforce/collector';
import { SfApiError, sfFailureInWords } from '../salesforce/errors';
import { SnapshotStaging } from '../snapshots/staging';
import type { OrgDeps } from './deps';
import { openOrgSession, requireOrg } from './service';

export interface CollectRequest {
  alias: string;
  full?: boolean;
  lookbackDays?: number;
  reservePercent?: number;
}

export async function collectOrg(ctx: ServiceContext, deps: OrgDeps, req: CollectRequest): Promise<CollectResult> {
  const db = requireDb(ctx);
  const org = requireOrg(ctx, req.alias);
  const run = deps.collections.begin(db, org.alias);
  let staging: SnapshotStaging | null = null;
  try {
    staging = new SnapshotStaging(db, org.alias);
    const session = await openOrgSession(ctx, deps, org);
    const client = new SfClient(session, { ...DEFAULT_RETRY, ...deps.tuning.retry }, run.signal);
    let collected;
    try {
      collected = await collect(client, {
        ...DEFAULT_COLLECT,
        full: req.full ?? false,
        lookbackDays: req.lookbackDays ?? DEFAULT_COLLECT.lookbackDays,
        reservePercent: req.reservePercent ?? DEFAULT_COLLECT.reservePercent,
        bulkThreshold: deps.tuning.bulkThreshold ?? DEFAULT_COLLECT.bulkThreshold,
        chunkSize: deps.tuning.chunkSize ?? DEFAULT_COLLECT.chunkSize,
        bulk: { ...DEFAULT_COLLECT.bulk, ...deps.tuning.bulk },
        now: () => new Date(),
        onProgress: (p) => ctx.events.emit('collect.progress', { alias: org.alias, ...p }),
        sink: staging,
      });
    } catch (err) {
      // A Salesforce error that is no single object's (the identity, the describe): in words, never "something went wrong".
      // Records are staged as they arrive, so a full disk can stop the fetch itself.
      const failure = err instanceof SfApiError ? sfFailureInWords(org.alias, 'The collection', err) : storeFailure(err, ctx.database.path);
      // The log says what the user is told (the message carries no secrets; the logger redacts anyway).
      if (failure instanceof AppError && failure.code !== 'cancelled') ctx.log.warn(`collection of ${org.alias} failed (${failure.code}): ${failure.message}`);
      throw failure;
    } finally {
      // Even a failed run may have rotated the refresh token: keep the newest one.
      await session.flush();
    }
    client.checkCancelled();
    for (const g of collected.gaps) ctx.log.warn(`collection of ${org.alias}: ${g.object} could not be read (${g.errorCode}: ${g.message}); the checks it feeds will report error`);
    if (org.orgId && collected.identity.orgId !== org.orgId) {
      throw new AppError(
        'conflict',
        `The credentials of ${org.alias} now open org ${collected.identity.orgId}, not ${org.orgId} as registered; nothing was stored. If the alias should now name that org, add it again with --replace (the earlier org's snapshots then stay apart under a new alias named after it).`,
      );
    }
    // The store and done phases name no object: only the calls spent and the org's budget.
    const announce = (phase: 'store' | 'done') =>
      ctx.events.emit('collect.progress', {
        alias: org.alias,
        phase,
        object: null,
        fetched: 0,
        total: null,
        objectIndex: 0,
        objectCount: 0,
        apiCalls: client.apiCalls,
        budget: apiBudget(client.usage, req.reservePercent ?? DEFAULT_COLLECT.reservePercent),
      });
    announce('store');
    let contentHash: string;
    try {
      contentHash = staging.commit({
        orgAlias: org.alias,
        orgId: collected.identity.orgId,
        orgName: collected.orgName,
        instanceUrl: session.instanceUrl.replace(/\/+$/, ''),
        apiVersion: session.version,
        auditingUsername: collected.identity.username,
        appVersion: APP_VERSION,
        startedAt: collected.startedAt,
        finishedAt: collected.finishedAt,
        apiCalls: collected.apiCalls,
        permissionScope: collected.permissionScope,
        lookbackDays: collected.lookbackDays,
        objects: collected.objects,
        gaps: collected.gaps,
      });
    } catch (err) {
      throw storeFailure(err, ctx.database.path);
    }
    const snapshotId = staging.id;
    staging = null;
    announce('done');
    ctx.events.emit('data.changed', { orgAlias: org.alias, what: 'snapshots' });
    return {
      snapshotId,
      counts: Object.fromEntries(collected.objects.map((o) => [o.object, o.count])),
      apiCalls: collected.apiCalls,
      contentHash,
      gaps: collected.gaps,
    };
  } finally {
    staging?.discard();
    run.end();
  }
}

/** The transaction rolled back; a full disk is the user's to fix, so say so instead of "something went wrong". */
function storeFailure(err: unknown, file: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC' || (err as NodeJS.ErrnoException | null)?.code === 'ENOSPC') {
    return new AppError(
      'disk_full',
      `The disk holding ${file} is full (${String(code)}); nothing was stored and the previous snapshot stays current. Free some space and collect again.`,
    );
  }
  return err;
}
