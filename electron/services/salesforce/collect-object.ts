/**
 * The fetch step of a collection, one object at a time: read it the way this org can serve
 * it, handing each page to the sink as it arrives (memory holds a page, not the object), check
 * the read is complete by counts (records received against Salesforce's totalSize) and
 * describe what was done (the object's stats). Ids received twice are refused when the rows
 * are committed (the snapshot's key). A failure of the object's own becomes a coverage gap and
 * whatever was staged for it is dropped; anything else stops the collection.
 */
import { AppError } from '../../../shared/contract';
import type { CoverageGap, ObjectStat, SfRecord } from '../../../shared/model';
import type { ObjectSpec } from '../../../shared/salesforce-objects';
import type { SfClient } from './client';
import type { CollectOptions, RecordSink } from './collector';
import type { DescribedObject } from './describe';
import { coverageGapOf } from './errors';
import { bulkQuery, keysetQuery, restQuery, restQuerySplit, type OnPage, type OnRows, type PlannedFetch } from './fetch';
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
    const intake = new ObjectIntake(spec, sink);
    const { fetched, api } = await fetchObject(ctx, spec, d, where, rows, onRows, intake.page);
    if (fetched.received !== fetched.totalSize) {
      throw new AppError(
        'org_error',
        `${spec.name}: Salesforce reported ${fetched.totalSize} records but ${fetched.received} were received; the collection stopped and nothing was stored.`,
      );
    }
    return {
      stat: {
        object: spec.name,
        count: fetched.received,
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
  onPage: OnPage,
): Promise<{ fetched: PlannedFetch; api: ObjectStat['api'] }> {
  const { client, records, scope, permissionScope, opts } = ctx;
  if (spec.fromProfileMetadata) {
    const candidates = permissionScope === 'integration' ? (scope()?.userIds ?? null) : null;
    return { fetched: await fetchProfileIpRanges(client, profilesNeedingRanges(records.get('User') ?? [], candidates), onRows, onPage), api: 'rest' };
  }
  const scoped = spec.scopedToPermissionSets && permissionScope === 'integration';
  if (scoped || spec.perEntityField) {
    const queries = scoped
      ? chunk(scope()!.permissionSetIds, opts.chunkSize).map((ids) => selectSoql(spec.name, d.fields, `ParentId IN (${idList(ids)})`))
      : entitiesInPermissions(records).map((e) => perEntitySoql(spec, d.fields, e));
    return { fetched: await restQueries(client, queries, d, onRows, onPage), api: 'rest' };
  }
  if (spec.keysetField) return { fetched: await keysetQuery(client, spec.name, d.fields, d.types, spec.keysetField, onRows, onPage), api: 'rest' };
  if (spec.preferBulk && rows !== undefined && rows > opts.bulkThreshold) {
    const soql = selectSoql(spec.name, d.fields, where);
    return { fetched: { ...(await bulkQuery(client, soql, d.types, onRows, onPage, opts.bulk)), queries: [soql] }, api: 'bulk' };
  }
  return { fetched: await restQuerySplit(client, spec.name, d.fields, d.types, where, onRows, onPage), api: 'rest' };
}

/** Several filtered queries of one object, one after the other. */
async function restQueries(client: SfClient, queries: string[], d: DescribedObject, onRows: OnRows, onPage: OnPage): Promise<PlannedFetch> {
  const start = client.apiCalls;
  let received = 0;
  let total = 0;
  for (const q of queries) {
    const base = received;
    const r = await restQuery(client, q, d.fields, d.types, (f, t) => onRows(base + f, t === null ? null : total + t), onPage);
    received += r.received;
    total += r.totalSize;
  }
  return { received, totalSize: total, apiCalls: client.apiCalls - start, queries };
}

/** Objects named by the collected object and field permissions (the fields whose classification matters), sorted. */
function entitiesInPermissions(records: RecordSource): string[] {
  const names = new Set<string>();
  // Read as distinct values: parsing every permission row (720,000 FieldPermissions at 180,000 users) only for its object's name cost seconds.
  for (const object of ['ObjectPermissions', 'FieldPermissions']) for (const name of records.distinctText(object, 'SobjectType') ?? []) names.add(name);
  // Names come from the org: validate them before they go into SOQL.
  return [...names]
    .filter((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n))
    .map(assertApiName)
    .sort();
}

/**
 * Stages one object's pages as they arrive. Records are keyed by their Salesforce Id; an object
 * that may answer without usable Ids (OauthToken's null Ids, a metadata object's placeholder
 * Id) is keyed synthetically instead, every record of it, from the first page whose Ids cannot
 * key it (what was staged before is read back and re-keyed: in a real org that is the first
 * page). Such objects remember the Ids and keys seen so far (metadata and tokens, never the
 * org's users). Any other object must carry an Id on every record; an Id received twice is
 * refused as it is staged.
 */
export class ObjectIntake {
  private readonly maySynthesize: boolean;
  private readonly ids = new Set<string>();
  private synthetic: Map<string, number> | null = null;

  constructor(
    private readonly spec: ObjectSpec,
    private readonly sink: RecordSink,
  ) {
    this.maySynthesize = !!(spec.idMayBeNull || spec.keysetField || spec.perEntityField);
  }

  readonly page = (records: SfRecord[]): void => {
    const { spec, sink } = this;
    if (!this.maySynthesize) {
      if (records.some((r) => typeof r.Id !== 'string' || r.Id === '')) {
        throw new AppError(
          'org_error',
          `${spec.name}: Salesforce sent a record without an Id, so its records cannot be told apart; the collection stopped and nothing was stored.`,
        );
      }
    } else if (!this.synthetic && idsUnusable(records, this.ids)) {
      this.synthetic = new Map();
      this.ids.clear();
      const staged = [...sink.records(spec.name)];
      sink.drop(spec.name);
      if (staged.length > 0) sink.append(spec.name, keySynthetically(staged, this.synthetic), spec.parentField);
    }
    sink.append(spec.name, this.synthetic ? keySynthetically(records, this.synthetic) : records, spec.parentField);
  };
}

function nothingToQuery(spec: ObjectSpec): string {
  if (spec.fromProfileMetadata) return 'no profile needs its login IP ranges';
  return spec.perEntityField ? 'no object appears in the collected permissions' : 'no permission sets of integration candidates';
}
