/**
 * "Setup Audit Trail entries touching a user", defined once: IU-13 cites them, the pack's
 * Changes sheet lists them and the user page shows them. An entry touches a user when its
 * Display text names the user (username, profile, a permission set or group it holds), when
 * the user is its delegate, or when the user made it — within the IU-13 look-back window.
 */
import type { SfRecord } from '../model';
import type { SystemScope } from './scope';
import type { AuditSettings } from './settings';
import { str, type SnapshotIndex } from './snapshot-index';
import { cmp, DAY_MS, recordTime } from './util';

/** Names shorter than this would match unrelated audit trail text. */
const MIN_TERM = 3;

export interface SetupChange {
  entry: SfRecord;
  /** Why it touches the user: "mentions <name>", "delegate user", "made by this user". */
  matchedOn: string[];
}

export interface ChangeWindow {
  startMs: number;
  endMs: number;
}

/**
 * IU-13's window for a user: `lookbackDays` (the system's threshold, else the setting) before
 * `asOf`. A user declared by several systems is touched within the longest of their windows.
 */
export function changeWindow(asOf: string, lookbackDays: number): ChangeWindow {
  const endMs = Date.parse(asOf);
  return { startMs: endMs - lookbackDays * DAY_MS, endMs };
}

/** The look-back IU-13 uses for `system`; for a user in no system, the setting. */
export function lookbackDaysOf(settings: Pick<AuditSettings, 'lookbackDays'>, systems: readonly Pick<SystemScope, 'thresholds'>[]): number {
  if (systems.length === 0) return settings.lookbackDays;
  return Math.max(...systems.map((s) => s.thresholds?.lookbackDays ?? settings.lookbackDays));
}

interface TrailEntry {
  e: SfRecord;
  t: number | null;
  display: string;
  delegate: string;
}

/** The trail with its text lower-cased once per index, not once per user. */
const trailCache = new WeakMap<object, TrailEntry[]>();
function trailOf(index: SnapshotIndex): TrailEntry[] {
  let out = trailCache.get(index);
  if (!out) {
    out = index.auditTrail.map((e) => ({
      e,
      t: recordTime(e, 'CreatedDate'),
      display: String(e.Display ?? '').toLowerCase(),
      delegate: String(e.DelegateUser ?? '').toLowerCase(),
    }));
    trailCache.set(index, out);
  }
  return out;
}

/** Names under which a user's setup changes show up in the trail's Display text (lower case). */
function termsOf(index: SnapshotIndex, user: SfRecord): string[] {
  const terms = new Set<string>([String(user.Username ?? '').toLowerCase()]);
  const profile = index.profileById.get(String(user.ProfileId ?? ''));
  if (str(profile?.Name)) terms.add(String(profile!.Name).toLowerCase());
  for (const a of index.assignmentsByUser.get(user.Id) ?? []) {
    const ps = index.permSetById.get(String(a.PermissionSetId ?? ''));
    if (ps && ps.IsOwnedByProfile !== true) for (const n of [ps.Name, ps.Label]) if (str(n)) terms.add(String(n).toLowerCase());
    const group = index.groupById.get(String(a.PermissionSetGroupId ?? ps?.PermissionSetGroupId ?? ''));
    if (group) for (const n of [group.DeveloperName, group.MasterLabel]) if (str(n)) terms.add(String(n).toLowerCase());
  }
  return [...terms].filter((t) => t.length >= MIN_TERM);
}

/** Setup Audit Trail entries touching `user` within `window`, newest first (then by Id). */
export function setupChangesTouching(index: SnapshotIndex, user: SfRecord, window: ChangeWindow): SetupChange[] {
  const username = String(user.Username ?? '').toLowerCase();
  const terms = termsOf(index, user);
  const out: (SetupChange & { t: number })[] = [];
  for (const { e, t, display, delegate: delegateUser } of trailOf(index)) {
    if (t === null || t < window.startMs || t > window.endMs) continue;
    const matched = terms.filter((term) => display.includes(term));
    const delegate = delegateUser === username && username !== '';
    const byUser = e.CreatedById === user.Id;
    if (matched.length === 0 && !delegate && !byUser) continue;
    out.push({ entry: e, t, matchedOn: [...matched.map((m) => `mentions ${m}`), ...(delegate ? ['delegate user'] : []), ...(byUser ? ['made by this user'] : [])] });
  }
  out.sort((a, b) => b.t - a.t || cmp(a.entry.Id, b.entry.Id));
  return out.map(({ entry, matchedOn }) => ({ entry, matchedOn }));
}
