/**
 * The fetch step of a collection, one object at a time: read it the way this org can serve
 * it, check the read is complete, hand its records to the sink and describe what was done
 * (the object's stats). A failure of the object's own becomes a coverage gap and whatever
 * was staged for it is dropped; anything else stops the collection.
 */
import { AppError } from '../../../shared/contract';
import type { CoverageGap, ObjectStat, SfRecord } from '../../../shared/model';
import type { ObjectSpec } from '../../../shared/salesforce-objects';
import type { SfClient } from './client';
import type { CollectOptions, RecordSink } from './collector';
import type { DescribedObject } from './describe';
import { coverageGapOf } from './errors';
import { bulkQuery, keysetQuery, restQuery, restQuerySplit, type FetchResult, type OnRows, type PlannedFetch } from './fetch';
import type { integrationCandidates, RecordSource } from './integration-scope';
import { fetchProfileIpRanges, profilesNeedingRanges } from './profile-ip-ranges';
import { perEntitySoql } from './query-plan';
import { idsUnusable, keySynthetically } from './record-keys';
import { assertApiName, chunk, idList, selectSoql } from './soql';

export type IntegrationScope = ReturnType<typeof integrationCandidates>;

/** What fetching one object needs besides the object itself. */
export interface ObjectContext {
  client: SfClient;
  sink: RecordSink;
  /** The objects fetched so far (scoped and per-entity reads are planned from them). */
  records: RecordSource;
  scope: () => IntegrationScope;
  permissionScope: 'integration' | 'full';
  opts: Pick<CollectOptions, 'chunkSize' | 'bulkThreshold' | 'bulk'>;
}

/** Fetches one object into the sink: its stats, or its coverage gap. */
export async function collectObject(
  ctx: ObjectContext,
  spec: ObjectSpec,
  d: DescribedObject,
  where: string | undefined,
  rows: number | undefined,
  onRows: OnRows,
): Promise<{ stat: ObjectStat } | { gap: CoverageGap }> {
  const { client, sink } = ctx;
  const before = client.apiCalls;
  try {
    const { fetched, api } = await fetchObject(ctx, spec, d, where, rows, onRows);
    const complete = completeRecords(spec, fetched);
    // Ids received twice are refused when the rows are committed (the snapshot's key).
    sink.append(spec.name, complete, spec.parentField);
    return {
      stat: {
        object: spec.name,
        count: complete.length,
        totalSize: fetched.totalSize,
        soql: fetched.queries.length ? fetched.queries.join('\n') : `-- nothing to query in ${spec.name}: ${nothingToQuery(spec)}`,
        api,
        apiCalls: client.apiCalls - before,
      },
    };
  } catch (err) {
    const gap = coverageGapOf(spec.name, err);
    if (!gap) throw err;
    sink.drop(spec.name);
    return { gap };
  }
}

/**
 * Reads one object the way this org can serve it (query planning and fetching only): profile
 * metadata for login IP ranges, per-permission-set or per-object filtered queries, keyset
 * pages for objects without queryMore, Bulk API 2.0 for large objects, else REST split by
 * columns so no GET passes Salesforce's URI limit.
 */
async function fetchObject(
  ctx: ObjectContext,
  spec: ObjectSpec,
  d: DescribedObject,
  where: string | undefined,
  rows: number | undefined,
  onRows: OnRows,
): Promise<{ fetched: PlannedFetch; api: ObjectStat['api'] }> {
  const { client, records, scope, permissionScope, opts } = ctx;
  if (spec.fromProfileMetadata) {
    const candidates = permissionScope === 'integration' ? (scope()?.userIds ?? null) : null;
    return { fetched: await fetchProfileIpRanges(client, profilesNeedingRanges([...(records.get('User') ?? [])], candidates), onRows), api: 'rest' };
  }
  const scoped = spec.scopedToPermissionSets && permissionScope === 'integration';
  if (scoped || spec.perEntityField) {
    const queries = scoped
      ? chunk(scope()!.permissionSetIds, opts.chunkSize).map((ids) => selectSoql(spec.name, d.fields, `ParentId IN (${idList(ids)})`))
      : entitiesInPermissions(records).map((e) => perEntitySoql(spec, d.fields, e));
    return { fetched: await restQueries(client, queries, d, onRows), api: 'rest' };
  }
  if (spec.keysetField) return { fetched: await keysetQuery(client, spec.name, d.fields, d.types, spec.keysetField, onRows), api: 'rest' };
  if (spec.preferBulk && rows !== undefined && rows > opts.bulkThreshold) {
    const soql = selectSoql(spec.name, d.fields, where);
    return { fetched: { ...(await bulkQuery(client, soql, d.types, onRows, opts.bulk)), queries: [soql] }, api: 'bulk' };
  }
  return { fetched: await restQuerySplit(client, spec.name, d.fields, d.types, where, onRows), api: 'rest' };
}

/** Several filtered queries of one object, concatenated. */
async function restQueries(client: SfClient, queries: string[], d: DescribedObject, onRows: OnRows): Promise<PlannedFetch> {
  const start = client.apiCalls;
  const all: SfRecord[] = [];
  let total = 0;
  for (const q of queries) {
    const base = all.length;
    const r = await restQuery(client, q, d.fields, d.types, (f, t) => onRows(base + f, t === null ? null : total + t));
    all.push(...r.records);
    total += r.totalSize;
  }
  return { records: all, totalSize: total, apiCalls: client.apiCalls - start, queries };
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
