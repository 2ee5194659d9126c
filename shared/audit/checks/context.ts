/**
 * What every check evaluator receives, and helpers to build evidence rows.
 */
import type { SfRecord } from '../../model';
import type { AccessEngine } from '../access';
import type { SystemScope } from '../scope';
import type { AuditSettings } from '../settings';
import type { SnapshotIndex } from '../snapshot-index';
import type { ClassifiedUser, EvidenceRow, Source, Status } from '../types';

export interface EffectiveThresholds {
  staleDays: number;
  rotationDays: number;
  lookbackDays: number;
}

export interface UserCheckContext {
  index: SnapshotIndex;
  engine: AccessEngine;
  settings: AuditSettings;
  asOf: string;
  asOfMs: number;
  system: SystemScope;
  allSystems: readonly SystemScope[];
  /** The username as declared in the scope. */
  username: string;
  /** Null only for IU-15 when the user is missing (other checks are not run then). */
  user: SfRecord | null;
  classified: ClassifiedUser | null;
  thresholds: EffectiveThresholds;
  /** Start of the look-back window. */
  windowStartMs: number;
}

export interface OrgCheckContext {
  index: SnapshotIndex;
  engine: AccessEngine;
  settings: AuditSettings;
  asOf: string;
  systems: readonly SystemScope[];
  users: readonly ClassifiedUser[];
}

export interface Outcome {
  status: Status;
  summary: string;
  evidence: EvidenceRow[];
  /**
   * Set by a check that found more rows than it built: `evidence` then holds the first ones
   * in the result's order, and this is how many there were in all.
   */
  evidenceTotal?: number;
}

export type UserCheck = (ctx: UserCheckContext & { user: SfRecord }) => Outcome;
export type OrgCheck = (ctx: OrgCheckContext) => Outcome;

export function outcome(status: Status, summary: string, evidence: EvidenceRow[] = []): Outcome {
  return { status, summary, evidence };
}

/** An evidence row for a record, keeping only the named fields that are present. */
export function row(object: string, rec: SfRecord, fields: readonly string[], extra: Record<string, unknown> = {}): EvidenceRow {
  const out: EvidenceRow = { object, id: rec.Id };
  for (const f of fields) if (rec[f] !== undefined && f !== 'Id') out[f] = rec[f];
  return Object.assign(out, extra);
}

/** Which object a grant's record Id belongs to: a permission row, or the holder of a system permission. */
export function objectOfRecord(index: SnapshotIndex, id: string | undefined, fallback: string): string {
  if (!id) return fallback;
  if (index.permSetById.has(id)) return 'PermissionSet';
  if (index.profileById.has(id)) return 'Profile';
  if (index.mutingById.has(id)) return 'MutingPermissionSet';
  return fallback;
}

/** One evidence row per granted permission, pointing at the first granting record. */
export function grantRow(index: SnapshotIndex, rowObject: string, sources: Source[], fields: Record<string, unknown>): EvidenceRow {
  const first = sources[0];
  const id = first?.recordId ?? first?.id ?? '';
  return { object: objectOfRecord(index, id, rowObject), id, ...fields, grantedBy: sources };
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
