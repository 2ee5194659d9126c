/**
 * The org's daily API budget, defined once: the ceiling a collection keeps under (the daily
 * limit minus the reserve left for the org's own integrations) and a pre-flight upper bound
 * on the calls fetching takes, from the rows counted before fetching (collect-plan.ts):
 *  - REST: one call per page of at most REST_PAGE rows (at least one per query); a read split
 *    by columns pays that once per column group;
 *  - Bulk 2.0: create, every status check the bulk options allow (bulkStatusCheckLimit: the
 *    poll loop never makes more), one call per results page of `pageSize` rows;
 *  - permission objects scoped to integration candidates: one query per chunk of permission
 *    sets, so at most one extra page per chunk over the unscoped row count;
 *  - keyset pages (EntityDefinition): one query per KEYSET_PAGE rows plus the short last one;
 *  - per-entity metadata (FieldDefinition): one query per object the org serves;
 *  - profile login IP ranges: one Tooling query per profile.
 * Unverified: that Salesforce never answers a REST page with fewer than REST_PAGE rows or a
 * Bulk results page with fewer than `pageSize` (it may shrink batches for wide rows), that the
 * permissions name only objects the describe lists, and that the org does not grow between
 * the count and the read; the live check on every response (`overCeiling`) still stops a
 * collection the moment usage crosses the ceiling.
 */
import { bulkStatusCheckLimit, type BulkOptions } from './fetch';
import { KEYSET_PAGE } from './query-plan';

export interface DailyUsage {
  used: number;
  limit: number;
}

export interface ApiBudget extends DailyUsage {
  /** The most the org may have used before this collection stops: limit minus the reserve. */
  ceiling: number;
}

/** Rows per REST query page (Salesforce's default batch size). */
export const REST_PAGE = 2000;

export function apiCeiling(limit: number, reservePercent: number): number {
  return Math.floor(limit * (1 - reservePercent / 100));
}

/** The budget as last reported (null until Salesforce reported a positive limit). */
export function apiBudget(usage: DailyUsage | null, reservePercent: number): ApiBudget | null {
  return usage && usage.limit > 0 ? { used: usage.used, limit: usage.limit, ceiling: apiCeiling(usage.limit, reservePercent) } : null;
}

/** True once reported usage is past the ceiling. */
export function overCeiling(usage: DailyUsage | null, reservePercent: number): boolean {
  const b = apiBudget(usage, reservePercent);
  return b !== null && b.used > b.ceiling;
}

export interface ObjectPlan {
  /** Rows counted up front (unscoped); 0 only for an object that cannot be counted (one page assumed). */
  rows: number;
  viaBulk: boolean;
  /** Scoped to integration candidates: queried in chunks of `chunkSize` permission sets. */
  scoped?: { permissionSets: number; chunkSize: number };
  /** Queried once per object the org serves. */
  perEntity?: { entities: number };
  /** Queried once per profile. */
  perProfile?: { profiles: number };
  /** Read in keyset pages of KEYSET_PAGE rows (`rows` bounds them). */
  keyset?: boolean;
}

/** An upper bound on the calls fetching one object takes. */
export function objectCallBound(plan: ObjectPlan, bulk: BulkOptions): number {
  if (plan.perEntity) return Math.max(1, plan.perEntity.entities);
  if (plan.perProfile) return plan.perProfile.profiles;
  if (plan.keyset) return Math.floor(plan.rows / KEYSET_PAGE) + 1;
  const unscoped = plan.viaBulk ? 1 + bulkStatusCheckLimit(bulk) + Math.max(1, Math.ceil(plan.rows / bulk.pageSize)) : Math.max(1, Math.ceil(plan.rows / REST_PAGE));
  if (!plan.scoped) return unscoped;
  // Without integration candidates (or with `full`) the object is read unscoped instead.
  const chunks = Math.max(1, Math.ceil(plan.scoped.permissionSets / plan.scoped.chunkSize));
  return Math.max(unscoped, Math.ceil(plan.rows / REST_PAGE) + chunks);
}
