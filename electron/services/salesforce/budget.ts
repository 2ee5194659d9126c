/**
 * The org's daily API budget, defined once: the ceiling a collection keeps under (the daily
 * limit minus the reserve left for the org's own integrations) and a pre-flight estimate of
 * the calls a collection can take, an upper bound except for Bulk polling:
 *  - REST: one call per page of at most REST_PAGE rows (at least one per query);
 *  - Bulk 2.0: create, two status polls, one call per results page (NOT a bound: a slow job is
 *    polled more often; counting every poll its timeout allows made the estimate absurd, tens
 *    of thousands with fast polling — the live check below covers slow jobs);
 *  - permission objects scoped to integration candidates: one query per chunk of permission
 *    sets, so at most one extra page per chunk over the unscoped row count;
 *  - per-entity metadata (FieldDefinition): one query per object the org serves.
 * Unverified: that Salesforce never answers a REST page with fewer than REST_PAGE rows (it may
 * shrink batches for wide rows); the live check on every response (`overCeiling`) still stops
 * a collection the moment usage crosses the ceiling.
 */
import type { BulkOptions } from './fetch';

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

/** Status polls counted per Bulk 2.0 job (a typical job; see the header). */
export const BULK_POLLS = 2;

export interface ObjectPlan {
  /** Rows counted up front (unscoped); 0 when not counted (small objects: one page). */
  rows: number;
  viaBulk: boolean;
  /** Scoped to integration candidates: queried in chunks of `chunkSize` permission sets. */
  scoped?: { permissionSets: number; chunkSize: number };
  /** Queried once per object the org serves. */
  perEntity?: { entities: number };
}

/** An upper bound on the calls fetching one object takes. */
export function objectCallBound(plan: ObjectPlan, bulk: BulkOptions): number {
  if (plan.perEntity) return Math.max(1, plan.perEntity.entities);
  const unscoped = plan.viaBulk ? 1 + BULK_POLLS + Math.max(1, Math.ceil(plan.rows / bulk.pageSize)) : Math.max(1, Math.ceil(plan.rows / REST_PAGE));
  if (!plan.scoped) return unscoped;
  // Without integration candidates (or with `full`) the object is read unscoped instead.
  const chunks = Math.max(1, Math.ceil(plan.scoped.permissionSets / plan.scoped.chunkSize));
  return Math.max(unscoped, Math.ceil(plan.rows / REST_PAGE) + chunks);
}
