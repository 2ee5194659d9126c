/**
 * The collection: identity, limits, describe, plan (refusing to start past the API
 * reserve), then every object of OBJECT_SPECS, REST or Bulk 2.0 by size. Network only:
 * each object's records go to the caller's RecordSink once complete (the app stages them in
 * SQLite, so memory holds at most one object, not the org), and the caller makes the snapshot
 * from the stats returned.
 * Any failure of one object (a Salesforce error code, a 5xx after retries, an HTML page)
 * becomes a coverage gap in Salesforce's words and the checks it feeds become `error`;
 * authentication, the API limit, a dead connection or cancellation stop the collection and
 * nothing is kept. Real-org behaviours handled here: docs/salesforce-fidelity.md.
 */
import { AppError } from '../../../shared/contract';
import type { CoverageGap, ObjectStat, SfRecord } from '../../../shared/model';
import { OBJECT_SPECS, type ObjectSpec } from '../../../shared/salesforce-objects';
import { apiBudget, objectCallBound, overCeiling } from './budget';
import type { SfClient } from './client';
import { describeGlobal, describeObject, type DescribedObject } from './describe';
import { objectFailure, oneLine } from './errors';
import { bulkQuery, countQuery, DEFAULT_BULK, keysetQuery, restQuery, restQuerySplit, type BulkOptions, type FetchResult, type OnRows, type PlannedFetch } from './fetch';
import { integrationCandidates, type RecordSource } from './integration-scope';
import { fetchProfileIpRanges, profilesNeedingRanges } from './profile-ip-ranges';
import { perEntitySoql, splitColumns } from './query-plan';
import { idsUnusable, keySynthetically } from './record-keys';
import { assertApiName, chunk, idList, selectSoql, soqlDateTime } from './soql';

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
  append(sobject: string, records: readonly SfRecord[], parentField: string | undefined): void;
  /** Records appended so far for the object. */
  count(sobject: string): number;
  /** Forgets an object's records (it became a coverage gap part-way through). */
  drop(sobject: string): void;
  /** The object's records appended so far, in no particular order. */
  records(sobject: string): Iterable<SfRecord>;
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

export interface Identity {
  orgId: string;
  userId: string;
  username: string;
}

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
}

export async function fetchIdentity(client: SfClient): Promise<Identity> {
  const info = await client.get<{ user_id?: string; organization_id?: string; preferred_username?: string; username?: string }>('/services/oauth2/userinfo');
  if (!info.organization_id || !info.user_id) throw new AppError('org_error', 'Salesforce answered the identity request without an org or user id.');
  return { orgId: info.organization_id, userId: info.user_id, username: info.preferred_username ?? info.username ?? info.user_id };
}

export async function fetchDailyUsage(client: SfClient): Promise<{ used: number; limit: number } | null> {
  const limits = await client.get<Record<string, { Max: number; Remaining: number }>>(client.dataPath('/limits'));
  const daily = limits.DailyApiRequests;
  if (daily && typeof daily.Max === 'number' && typeof daily.Remaining === 'number') return { used: daily.Max - daily.Remaining, limit: daily.Max };
  return client.usage;
}

/** One object's own failure becomes a coverage gap in Salesforce's words; anything else stops the collection. */
function gapOf(object: string, err: unknown): CoverageGap | null {
  const failure = objectFailure(err);
  if (!failure) return null;
  return { object, errorCode: failure.errorCode, message: oneLine(failure.message) };
}

export async function collect(client: SfClient, opts: CollectOptions): Promise<Collected> {
  const startedAt = opts.now();
  const progress = (p: Omit<Progress, 'apiCalls' | 'budget'>) => {
    opts.onProgress({ ...p, apiCalls: client.apiCalls, budget: apiBudget(client.usage, opts.reservePercent) });
  };
  const specs = OBJECT_SPECS.filter((s) => !s.tooling);
  const n = specs.length;

  progress({ phase: 'connect', object: null, fetched: 0, total: null, objectIndex: 0, objectCount: n });
  // A /services/data call first: an expired session answers 401 there, which refreshes it;
  // userinfo would answer 403 Bad_OAuth_Token (see docs/salesforce-fidelity.md).
  const usage = await fetchDailyUsage(client);
  const identity = await fetchIdentity(client);

  // Describe: objects this org does not serve, or cannot describe for us, become gaps.
  progress({ phase: 'describe', object: null, fetched: 0, total: null, objectIndex: 0, objectCount: n });
  const global = await describeGlobal(client);
  const gaps: CoverageGap[] = [];
  const described = new Map<string, DescribedObject>();
  for (const [i, spec] of specs.entries()) {
    progress({ phase: 'describe', object: spec.name, fetched: 0, total: null, objectIndex: i, objectCount: n });
    if (spec.fromProfileMetadata) {
      described.set(spec.name, profileMetadataFields(spec));
      continue;
    }
    if (!global.has(spec.name.toLowerCase())) {
      gaps.push({
        object: spec.name,
        errorCode: 'INVALID_TYPE',
        message: `${spec.name} is not available to the auditing user at API ${client.session.version} (absent from the describe).`,
      });
      continue;
    }
    try {
      described.set(spec.name, await describeObject(client, spec));
    } catch (err) {
      const gap = gapOf(spec.name, err);
      if (!gap) throw err;
      gaps.push(gap);
    }
  }

  // Plan: count the large objects, estimate the calls, and refuse to eat into the reserve.
  const lookbackFrom = new Date(startedAt.getTime() - opts.lookbackDays * 86_400_000);
  const whereOf = (spec: ObjectSpec) =>
    spec.lookbackField && described.get(spec.name)?.types.has(spec.lookbackField) ? `${spec.lookbackField} >= ${soqlDateTime(lookbackFrom)}` : undefined;
  const counts = new Map<string, number>();
  let estimate = 0;
  // How many permission sets the scoped reads may chunk over. When PermissionSet cannot be read
  // (its gap is recorded once, and it is not asked again when fetching), every assignment may
  // name a different set: the assignment count still bounds the chunks.
  const permissionSetCount = async (): Promise<number> => {
    const assignments = counts.get('PermissionSetAssignment') ?? 0;
    if (!described.has('PermissionSet')) return assignments;
    try {
      return await countQuery(client, 'SELECT COUNT() FROM PermissionSet');
    } catch (err) {
      const gap = gapOf('PermissionSet', err);
      if (!gap) throw err;
      gaps.push(gap);
      described.delete('PermissionSet');
      return assignments;
    }
  };
  let permissionSets: number | null = null;
  for (const [i, spec] of specs.entries()) {
    const d = described.get(spec.name);
    if (!d) continue;
    if (spec.preferBulk) {
      progress({ phase: 'plan', object: spec.name, fetched: 0, total: null, objectIndex: i, objectCount: n });
      try {
        counts.set(spec.name, await countQuery(client, `SELECT COUNT() FROM ${spec.name}${whereOf(spec) ? ` WHERE ${whereOf(spec)}` : ''}`));
      } catch (err) {
        const gap = gapOf(spec.name, err);
        if (!gap) throw err;
        gaps.push(gap);
        described.delete(spec.name);
        continue;
      }
    }
    const rows = counts.get(spec.name) ?? 0;
    const viaBulk = !!spec.preferBulk && rows > opts.bulkThreshold;
    // A REST read split by columns (URI limit) costs its calls once per column group.
    const groups =
      viaBulk || spec.fromProfileMetadata || spec.perEntityField || spec.scopedToPermissionSets
        ? 1
        : splitColumns(client.session.version, spec.name, d.fields, whereOf(spec)).length;
    if (spec.scopedToPermissionSets && permissionSets === null) permissionSets = await permissionSetCount();
    estimate +=
      objectCallBound(
        {
          rows,
          viaBulk,
          ...(spec.scopedToPermissionSets && !opts.full ? { scoped: { permissionSets: permissionSets ?? 0, chunkSize: opts.chunkSize } } : {}),
          ...(spec.perEntityField ? { perEntity: { entities: global.size } } : {}),
        },
        opts.bulk,
      ) * groups;
  }
  const budget = apiBudget(client.usage ?? usage, opts.reservePercent);
  if (budget && budget.used + estimate > budget.ceiling) {
    throw new AppError(
      'api_limit',
      `Collecting ${client.alias} could take up to ${estimate} API calls; the org has used ${budget.used} of its ${budget.limit} daily calls and ${opts.reservePercent}% (${budget.limit - budget.ceiling}) are kept in reserve for its integrations, so at most ${Math.max(0, budget.ceiling - budget.used)} are available. Nothing was collected; try after the daily allocation resets or lower the reserve.`,
    );
  }

  // Fetch, watching the reserve as Salesforce reports usage on every response.
  const sink = opts.sink;
  const fetchedObjects = new Set<string>();
  const source: RecordSource = { has: (name) => fetchedObjects.has(name), get: (name) => (fetchedObjects.has(name) ? sink.records(name) : undefined) };
  // Read back from the sink once: every input is fetched before the first object that needs it.
  let candidates: { value: ReturnType<typeof integrationCandidates> } | null = null;
  const scope = () => (candidates ??= { value: integrationCandidates(source) }).value;
  const stats: ObjectStat[] = [];
  let permissionScope: 'integration' | 'full' = opts.full ? 'full' : 'integration';
  // Scoped permissions need the users and assignments first; per-entity metadata needs the permissions.
  const ordered = [
    ...specs.filter((s) => !s.scopedToPermissionSets && !s.perEntityField && !s.fromProfileMetadata),
    ...specs.filter((s) => s.scopedToPermissionSets || s.fromProfileMetadata),
    ...specs.filter((s) => s.perEntityField),
  ];
  for (const [i, spec] of ordered.entries()) {
    const d = described.get(spec.name);
    if (!d) continue;
    const onRows = (fetched: number, total: number | null) => {
      checkReserve();
      progress({ phase: 'fetch', object: spec.name, fetched, total, objectIndex: i, objectCount: n });
    };
    onRows(0, counts.get(spec.name) ?? null);
    const before = client.apiCalls;
    try {
      if (spec.scopedToPermissionSets && permissionScope === 'integration' && !scope()) permissionScope = 'full';
      const { fetched, api } = await fetchObject(client, spec, d, source, scope, permissionScope, whereOf(spec), counts.get(spec.name), opts, onRows);
      const complete = completeRecords(spec, fetched);
      // Ids received twice are refused when the rows are committed (the snapshot's key).
      sink.append(spec.name, complete, spec.parentField);
      fetchedObjects.add(spec.name);
      stats.push({
        object: spec.name,
        count: complete.length,
        totalSize: fetched.totalSize,
        soql: fetched.queries.length ? fetched.queries.join('\n') : `-- nothing to query in ${spec.name}: ${nothingToQuery(spec)}`,
        api,
        apiCalls: client.apiCalls - before,
      });
    } catch (err) {
      const gap = gapOf(spec.name, err);
      if (!gap) throw err;
      sink.drop(spec.name);
      gaps.push(gap);
    }
  }

  function checkReserve(): void {
    client.checkCancelled();
    const u = client.usage;
    if (u && overCeiling(u, opts.reservePercent)) {
      throw new AppError(
        'api_limit',
        `${client.alias} has now used ${u.used} of ${u.limit} daily API calls, past the ${opts.reservePercent}% reserve kept for its integrations; the collection stopped and nothing was stored.`,
      );
    }
  }

  const org = firstOf(source.get('Organization'));
  stats.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
  gaps.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
  return {
    identity,
    orgName: typeof org?.Name === 'string' ? org.Name : identity.orgId,
    startedAt: startedAt.toISOString(),
    finishedAt: opts.now().toISOString(),
    objects: stats,
    gaps,
    apiCalls: client.apiCalls,
    permissionScope,
    lookbackDays: opts.lookbackDays,
  };
}

/** Objects named by the collected object and field permissions (the fields whose classification matters), sorted. */
function entitiesInPermissions(records: RecordSource): string[] {
  const names = new Set<string>();
  for (const object of ['ObjectPermissions', 'FieldPermissions']) {
    for (const r of records.get(object) ?? []) if (typeof r.SobjectType === 'string') names.add(r.SobjectType);
  }
  // Names come from the org: validate them before they go into SOQL.
  return [...names]
    .filter((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n))
    .map(assertApiName)
    .sort();
}

/**
 * Reads one object the way this org can serve it (query planning and fetching only; the caller
 * checks completeness and stores): profile metadata for login IP ranges, per-permission-set
 * or per-object filtered queries, keyset pages for objects without queryMore, Bulk API 2.0 for
 * large objects, else REST split by columns so no GET passes Salesforce's URI limit.
 */
async function fetchObject(
  client: SfClient,
  spec: ObjectSpec,
  d: DescribedObject,
  records: RecordSource,
  scope: () => ReturnType<typeof integrationCandidates>,
  permissionScope: 'integration' | 'full',
  where: string | undefined,
  rows: number | undefined,
  opts: Pick<CollectOptions, 'chunkSize' | 'bulkThreshold' | 'bulk'>,
  onRows: OnRows,
): Promise<{ fetched: PlannedFetch; api: ObjectStat['api'] }> {
  const tooling = !!spec.tooling;
  if (spec.fromProfileMetadata) {
    const candidates = permissionScope === 'integration' ? (scope()?.userIds ?? null) : null;
    return { fetched: await fetchProfileIpRanges(client, profilesNeedingRanges([...(records.get('User') ?? [])], candidates), onRows), api: 'rest' };
  }
  const scoped = spec.scopedToPermissionSets && permissionScope === 'integration';
  if (scoped || spec.perEntityField) {
    const queries = scoped
      ? chunk(scope()!.permissionSetIds, opts.chunkSize).map((ids) => selectSoql(spec.name, d.fields, `ParentId IN (${idList(ids)})`))
      : entitiesInPermissions(records).map((e) => perEntitySoql(spec, d.fields, e));
    return { fetched: await restQueries(client, queries, d, onRows, tooling), api: 'rest' };
  }
  if (spec.keysetField) return { fetched: await keysetQuery(client, spec.name, d.fields, d.types, spec.keysetField, onRows, tooling), api: 'rest' };
  if (spec.preferBulk && rows !== undefined && rows > opts.bulkThreshold) {
    const soql = selectSoql(spec.name, d.fields, where);
    return { fetched: { ...(await bulkQuery(client, soql, d.types, onRows, opts.bulk)), queries: [soql] }, api: 'bulk' };
  }
  return { fetched: await restQuerySplit(client, spec.name, d.fields, d.types, where, onRows, tooling), api: 'rest' };
}

/** Several filtered queries of one object, concatenated. */
async function restQueries(client: SfClient, queries: string[], d: DescribedObject, onRows: OnRows, tooling: boolean): Promise<PlannedFetch> {
  const start = client.apiCalls;
  const all: SfRecord[] = [];
  let total = 0;
  for (const q of queries) {
    const base = all.length;
    const r = await restQuery(client, q, d.fields, d.types, (f, t) => onRows(base + f, t === null ? null : total + t), tooling);
    all.push(...r.records);
    total += r.totalSize;
  }
  return { records: all, totalSize: total, apiCalls: client.apiCalls - start, queries };
}

/**
 * Refuses a short read; keys records without usable Ids (OauthToken's null Ids, a metadata
 * object's placeholder Id) synthetically, judging completeness on counts alone. Duplicate Ids
 * on any other object mean a broken read.
 */
function completeRecords(spec: ObjectSpec, fetched: FetchResult): SfRecord[] {
  const { records, totalSize } = fetched;
  if (records.length !== totalSize) {
    throw new AppError('org_error', `${spec.name}: Salesforce reported ${totalSize} records but ${records.length} were received; the collection stopped and nothing was stored.`);
  }
  if (!idsUnusable(records)) return records;
  if (spec.idMayBeNull || spec.keysetField || spec.perEntityField) return keySynthetically(records);
  const distinct = new Set(records.map((r) => r.Id)).size;
  throw new AppError(
    'org_error',
    `${spec.name}: Salesforce reported ${totalSize} records but ${distinct} distinct ones were received; the collection stopped and nothing was stored.`,
  );
}

function nothingToQuery(spec: ObjectSpec): string {
  if (spec.fromProfileMetadata) return 'no profile needs its login IP ranges';
  return spec.perEntityField ? 'no object appears in the collected permissions' : 'no permission sets of integration candidates';
}

/** LoginIpRange's fields as the collector stores them (not described: it is not an sObject). */
function profileMetadataFields(spec: ObjectSpec): DescribedObject {
  const types = new Map(spec.fields.map((f) => [f, f === 'Id' ? 'id' : f.endsWith('Id') ? 'reference' : 'string']));
  return { name: spec.name, fields: [...spec.fields], missing: [], types };
}

function firstOf(records: Iterable<SfRecord> | undefined): SfRecord | undefined {
  for (const r of records ?? []) return r;
  return undefined;
}
