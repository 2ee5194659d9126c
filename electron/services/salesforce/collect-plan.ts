/**
 * The plan step of a collection: count the objects, bound the calls fetching will take
 * (budget.ts), and refuse to start when that would eat into the reserve left for the org's
 * integrations. One COUNT() per object read by query (one call each, the price of a bound
 * that holds on large orgs: a REST object of 100,000 rows takes 50 pages); not Organization
 * (one row), FieldDefinition (refuses an unfiltered query; bounded by the objects the org
 * serves), EntityDefinition (bounded the same way) or LoginIpRange (one query per profile).
 * Objects that cannot even be counted become coverage gaps here.
 */
import { AppError } from '../../../shared/contract';
import type { ObjectSpec } from '../../../shared/salesforce-objects';
import { apiBudget, objectCallBound, type DailyUsage } from './budget';
import type { SfClient } from './client';
import type { CollectOptions } from './collector';
import type { DescribedOrg } from './describe';
import { coverageGapOf } from './errors';
import { countQuery } from './fetch';
import { splitColumns } from './query-plan';
import { soqlDateTime } from './soql';

export interface CollectionPlan {
  /** Rows counted up front. */
  counts: Map<string, number>;
  /** The most calls fetching can take. */
  estimate: number;
  /** The most calls fetching each object can take (their sum is the estimate). */
  bounds: Map<string, number>;
  /** The look-back filter of an object, when it has one and this org has its field. */
  whereOf(spec: ObjectSpec): string | undefined;
}

type PlanOptions = Pick<CollectOptions, 'full' | 'lookbackDays' | 'reservePercent' | 'bulkThreshold' | 'chunkSize' | 'bulk'>;

/** Mutates `org`: an object that cannot be counted leaves `described` and joins `gaps`. */
export async function planCollection(
  client: SfClient,
  specs: readonly ObjectSpec[],
  org: DescribedOrg,
  startedAt: Date,
  usage: DailyUsage | null,
  opts: PlanOptions,
  onObject: (spec: ObjectSpec, index: number) => void,
): Promise<CollectionPlan> {
  const { described, gaps, global } = org;
  const lookbackFrom = new Date(startedAt.getTime() - opts.lookbackDays * 86_400_000);
  const whereOf = (spec: ObjectSpec) =>
    spec.lookbackField && described.get(spec.name)?.types.has(spec.lookbackField) ? `${spec.lookbackField} >= ${soqlDateTime(lookbackFrom)}` : undefined;
  const counts = new Map<string, number>();
  let estimate = 0;
  const bounds = new Map<string, number>();
  // How many permission sets the scoped reads may chunk over. When PermissionSet cannot be read
  // (its gap is recorded once, and it is not asked again when fetching), every assignment may
  // name a different set: the assignment count still bounds the chunks.
  const permissionSets = () => counts.get('PermissionSet') ?? counts.get('PermissionSetAssignment') ?? 0;
  // The profiles whose login IP ranges are read: at most every profile, or (Profile unreadable) one per user.
  const profiles = () => counts.get('Profile') ?? counts.get('User') ?? 0;
  const counted = (spec: ObjectSpec) => spec.name !== 'Organization' && !spec.perEntityField && !spec.keysetField && !spec.fromProfileMetadata;
  for (const [i, spec] of specs.entries()) {
    const d = described.get(spec.name);
    if (!d) continue;
    if (counted(spec)) {
      onObject(spec, i);
      try {
        counts.set(spec.name, await countQuery(client, `SELECT COUNT() FROM ${spec.name}${whereOf(spec) ? ` WHERE ${whereOf(spec)}` : ''}`));
      } catch (err) {
        const gap = coverageGapOf(spec.name, err);
        if (!gap) throw err;
        gaps.push(gap);
        described.delete(spec.name);
        continue;
      }
    }
    const rows = spec.keysetField ? global.size : (counts.get(spec.name) ?? 0);
    const viaBulk = !!spec.preferBulk && rows > opts.bulkThreshold;
    // A REST read split by columns (URI limit) costs its calls once per column group.
    const groups =
      viaBulk || spec.fromProfileMetadata || spec.perEntityField || spec.scopedToPermissionSets
        ? 1
        : splitColumns(client.session.version, spec.name, d.fields, whereOf(spec)).length;
    const bound =
      objectCallBound(
        {
          rows,
          viaBulk,
          ...(spec.scopedToPermissionSets && !opts.full ? { scoped: { permissionSets: permissionSets(), chunkSize: opts.chunkSize } } : {}),
          ...(spec.perEntityField ? { perEntity: { entities: global.size } } : {}),
          ...(spec.fromProfileMetadata ? { perProfile: { profiles: profiles() } } : {}),
          ...(spec.keysetField ? { keyset: true } : {}),
        },
        opts.bulk,
      ) * groups;
    bounds.set(spec.name, bound);
    estimate += bound;
  }
  const budget = apiBudget(client.usage ?? usage, opts.reservePercent);
  if (budget && budget.used + estimate > budget.ceiling) {
    throw new AppError(
      'api_limit',
      `Collecting ${client.alias} could take up to ${estimate} API calls; the org has used ${budget.used} of its ${budget.limit} daily calls and ${opts.reservePercent}% (${budget.limit - budget.ceiling}) are kept in reserve for its integrations, so at most ${Math.max(0, budget.ceiling - budget.used)} are available. Nothing was collected; try after the daily allocation resets or lower the reserve.`,
    );
  }
  return { counts, estimate, bounds, whereOf };
}
