/**
 * The collection, step by step: connect (daily usage, identity), describe, plan (counts and an
 * estimate that must fit under the API reserve: collect-plan.ts), then fetch every object of
 * OBJECT_SPECS, REST or Bulk 2.0 by size (collect-object.ts), and prepare the result. Network
 * only: each page of records goes to the caller's RecordSink as it arrives (the app stages it
 * in SQLite, so memory holds a page, not an object or the org), and the caller makes the
 * snapshot from the stats returned.
 * Any failure of one object (a Salesforce error code, a 5xx after retries, an HTML page)
 * becomes a coverage gap in Salesforce's words and the checks it feeds become `error`;
 * authentication, the API limit, a dead connection or cancellation stop the collection and
 * nothing is kept. Real-org behaviours handled here: docs/salesforce-fidelity.md.
 */
import { AppError } from '../../../shared/contract';
import type { CoverageGap, ObjectStat, SfRecord } from '../../../shared/model';
import { OBJECT_SPECS, type ObjectSpec } from '../../../shared/salesforce-objects';
import { apiBudget, overCeiling } from './budget';
import type { SfClient } from './client';
import { collectObject, type IntegrationScope, type ObjectContext } from './collect-object';
import { planCollection, type CollectionPlan } from './collect-plan';
import { describeSpecs, type DescribedOrg } from './describe';
import { DEFAULT_BULK, type BulkOptions } from './fetch';
import { fetchDailyUsage, fetchIdentity, type Identity } from './identity';
import { integrationCandidates, type RecordSource } from './integration-scope';

export interface CollectOptions {
  full: boolean;
  lookbackDays: number;
  /** Percent of the daily API limit to leave for the org's integrations. */
  reservePercent: number;
  /** Objects with preferBulk and more rows than this go through Bulk API 2.0. */
  bulkThreshold: number;
  /** Ids per IN list when permissions are scoped to integration candidates. */
  chunkSize: number;
  bulk: BulkOptions;
  now: () => Date;
  onProgress: (p: Progress) => void;
  sink: RecordSink;
}

/**
 * Where fetched records go. The collector keeps none of them: what it needs later (the users
 * and assignments that scope the permission queries) it reads back.
 */
export interface RecordSink {
  /** One page of an object's records, as it arrives. */
  append(sobject: string, records: readonly SfRecord[], parentField: string | undefined): void;
  /** Records appended so far for the object. */
  count(sobject: string): number;
  /** Forgets an object's records (it became a coverage gap part-way through). */
  drop(sobject: string): void;
  /** The object's records appended so far, in no particular order. */
  records(sobject: string): Iterable<SfRecord>;
  /** The distinct text values of one field across the object's records, without reading each record whole. */
  distinctText(sobject: string, field: string): Iterable<string>;
}

export interface Progress {
  phase: 'connect' | 'describe' | 'plan' | 'fetch' | 'store' | 'done';
  object: string | null;
  fetched: number;
  total: number | null;
  objectIndex: number;
  objectCount: number;
  apiCalls: number;
  budget: { used: number; limit: number; ceiling: number } | null;
}

export const DEFAULT_COLLECT: Omit<CollectOptions, 'onProgress' | 'now' | 'sink'> = {
  full: false,
  lookbackDays: 180,
  reservePercent: 20,
  bulkThreshold: 10_000,
  chunkSize: 200,
  bulk: DEFAULT_BULK,
};

export interface Collected {
  identity: Identity;
  orgName: string;
  startedAt: string;
  finishedAt: string;
  objects: ObjectStat[];
  gaps: CoverageGap[];
  apiCalls: number;
  permissionScope: 'integration' | 'full';
  lookbackDays: number;
  /** The plan's bound on the calls fetching takes, in all and per object (never exceeded: test/integration/collect/budget.test.ts). */
  plannedCalls: { total: number; byObject: Record<string, number> };
}

/** Reports progress with the calls spent and the org's budget filled in. */
type Report = (p: Pick<Progress, 'phase' | 'object' | 'objectIndex'> & Partial<Pick<Progress, 'fetched' | 'total'>>) => void;

export async function collect(client: SfClient, opts: CollectOptions): Promise<Collected> {
  const startedAt = opts.now();
  const specs = OBJECT_SPECS;
  const report: Report = (p) =>
    opts.onProgress({ fetched: 0, total: null, ...p, objectCount: specs.length, apiCalls: client.apiCalls, budget: apiBudget(client.usage, opts.reservePercent) });

  report({ phase: 'connect', object: null, objectIndex: 0 });
  // A /services/data call first: an expired session answers 401 there, which refreshes it;
  // userinfo would answer 403 Bad_OAuth_Token (see docs/salesforce-fidelity.md).
  const usage = await fetchDailyUsage(client);
  const identity = await fetchIdentity(client);

  report({ phase: 'describe', object: null, objectIndex: 0 });
  const org = await describeSpecs(client, specs, (spec, i) => report({ phase: 'describe', object: spec.name, objectIndex: i }));

  const plan = await planCollection(client, specs, org, startedAt, usage, opts, (spec, i) => report({ phase: 'plan', object: spec.name, objectIndex: i }));

  // Every request of the fetch (pages asked for ahead of need included) first checks the reserve.
  client.guard = () => checkReserve(client, opts.reservePercent);
  const { stats, permissionScope, source } = await fetchObjects(client, specs, org, plan, opts, report).finally(() => (client.guard = null));

  const orgRecord = firstOf(source.get('Organization'));
  stats.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
  const gaps = [...org.gaps].sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
  return {
    identity,
    orgName: typeof orgRecord?.Name === 'string' ? orgRecord.Name : identity.orgId,
    startedAt: startedAt.toISOString(),
    finishedAt: opts.now().toISOString(),
    objects: stats,
    gaps,
    apiCalls: client.apiCalls,
    permissionScope,
    lookbackDays: opts.lookbackDays,
    plannedCalls: { total: plan.estimate, byObject: Object.fromEntries(plan.bounds) },
  };
}

/**
 * The fetch step: every described object into the sink, watching the reserve as Salesforce
 * reports usage on every response. Scoped permissions need the users and assignments first;
 * per-entity metadata needs the permissions. A failed object joins `org.gaps`.
 */
async function fetchObjects(
  client: SfClient,
  specs: readonly ObjectSpec[],
  org: DescribedOrg,
  plan: CollectionPlan,
  opts: CollectOptions,
  report: Report,
): Promise<{ stats: ObjectStat[]; permissionScope: 'integration' | 'full'; source: RecordSource }> {
  const sink = opts.sink;
  const fetchedObjects = new Set<string>();
  const source: RecordSource = {
    has: (name) => fetchedObjects.has(name),
    get: (name) => (fetchedObjects.has(name) ? sink.records(name) : undefined),
    distinctText: (name, field) => (fetchedObjects.has(name) ? sink.distinctText(name, field) : undefined),
  };
  // Read back from the sink once: every input is fetched before the first object that needs it.
  let candidates: { value: IntegrationScope } | null = null;
  const scope = () => (candidates ??= { value: integrationCandidates(source) }).value;
  const stats: ObjectStat[] = [];
  let permissionScope: 'integration' | 'full' = opts.full ? 'full' : 'integration';
  const ordered = [
    ...specs.filter((s) => !s.scopedToPermissionSets && !s.perEntityField && !s.fromProfileMetadata),
    ...specs.filter((s) => s.scopedToPermissionSets || s.fromProfileMetadata),
    ...specs.filter((s) => s.perEntityField),
  ];
  for (const [i, spec] of ordered.entries()) {
    const d = org.described.get(spec.name);
    if (!d) continue;
    const onRows = (fetched: number, total: number | null) => {
      checkReserve(client, opts.reservePercent);
      report({ phase: 'fetch', object: spec.name, fetched, total, objectIndex: i });
    };
    onRows(0, plan.counts.get(spec.name) ?? null);
    if (spec.scopedToPermissionSets && permissionScope === 'integration' && !scope()) permissionScope = 'full';
    const ctx: ObjectContext = { client, sink, records: source, scope, permissionScope, opts };
    const done = await collectObject(ctx, spec, d, plan.whereOf(spec), plan.counts.get(spec.name), onRows);
    if ('gap' in done) {
      org.gaps.push(done.gap);
      continue;
    }
    fetchedObjects.add(spec.name);
    stats.push(done.stat);
  }
  return { stats, permissionScope, source };
}

/** Stops the collection when it was cancelled or the org's usage crossed the reserve. */
function checkReserve(client: SfClient, reservePercent: number): void {
  client.checkCancelled();
  const u = client.usage;
  if (u && overCeiling(u, reservePercent)) {
    throw new AppError(
      'api_limit',
      `${client.alias} has now used ${u.used} of ${u.limit} daily API calls, past the ${reservePercent}% reserve kept for its integrations; the collection stopped and nothing was stored.`,
    );
  }
}

function firstOf(records: Iterable<SfRecord> | undefined): SfRecord | undefined {
  for (const r of records ?? []) return r;
  return undefined;
}
