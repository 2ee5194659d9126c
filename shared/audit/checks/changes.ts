/**
 * IU-13 changes in the review period (hybrid: the auditor confirms each entry) and IU-14
 * connected apps restricted to admin-approved users.
 */
import { ECA_OAUTH_POLICY_OBJECT, ECA_OBJECT, isAdminApprovedEcaPolicy } from '../../salesforce-apps';
import { gapFor, str, type SnapshotIndex } from '../snapshot-index';
import type { EvidenceRow } from '../types';
import { cmp, recordTime } from '../util';
import type { SfRecord } from '../../model';
import { outcome, plural, row, type UserCheck, type UserCheckContext } from './context';

/** Names shorter than this would match unrelated audit trail text. */
const MIN_TERM = 3;

interface TrailEntry {
  e: SfRecord;
  t: number | null;
  display: string;
  delegate: string;
}

/** The trail with its text lower-cased once per index, not once per integration user. */
const trailCache = new WeakMap<object, TrailEntry[]>();
function trailOf(index: UserCheckContext['index']): TrailEntry[] {
  let out = trailCache.get(index);
  if (!out) {
    out = index.auditTrail.map((e) => ({ e, t: recordTime(e, 'CreatedDate'), display: String(e.Display ?? '').toLowerCase(), delegate: String(e.DelegateUser ?? '').toLowerCase() }));
    trailCache.set(index, out);
  }
  return out;
}

export const iu13: UserCheck = (ctx) => {
  const { index, user, windowStartMs, asOfMs, thresholds } = ctx;
  const username = String(user.Username ?? '').toLowerCase();
  const terms = new Set<string>([username]);
  const profile = index.profileById.get(String(user.ProfileId ?? ''));
  if (str(profile?.Name)) terms.add(String(profile!.Name).toLowerCase());
  for (const a of index.assignmentsByUser.get(user.Id) ?? []) {
    const ps = index.permSetById.get(String(a.PermissionSetId ?? ''));
    if (ps && ps.IsOwnedByProfile !== true) for (const n of [ps.Name, ps.Label]) if (str(n)) terms.add(String(n).toLowerCase());
    const group = index.groupById.get(String(a.PermissionSetGroupId ?? ps?.PermissionSetGroupId ?? ''));
    if (group) for (const n of [group.DeveloperName, group.MasterLabel]) if (str(n)) terms.add(String(n).toLowerCase());
  }
  const usable = [...terms].filter((t) => t.length >= MIN_TERM);
  const evidence: EvidenceRow[] = [];
  for (const { e, t, display, delegate: delegateUser } of trailOf(index)) {
    if (t === null || t < windowStartMs || t > asOfMs) continue;
    const matched = usable.filter((term) => display.includes(term));
    const delegate = delegateUser === username && username !== '';
    const byUser = e.CreatedById === user.Id;
    if (matched.length === 0 && !delegate && !byUser) continue;
    const why = [...matched.map((m) => `mentions ${m}`), ...(delegate ? ['delegate user'] : []), ...(byUser ? ['made by this user'] : [])];
    evidence.push(row('SetupAuditTrail', e, ['CreatedDate', 'CreatedById', 'Action', 'Section', 'Display', 'DelegateUser'], { matchedOn: why }));
  }
  if (evidence.length === 0) return outcome('pass', `no Setup Audit Trail entries touching the user, its profile or permission sets in the last ${thresholds.lookbackDays} days`);
  return outcome('manual', `${plural(evidence.length, 'Setup Audit Trail entry', 'Setup Audit Trail entries')} in the last ${thresholds.lookbackDays} days await confirmation that each was authorised`, evidence);
};

const ecaCache = new WeakMap<SnapshotIndex, { byName: Map<string, SfRecord>; policyByApp: Map<string, SfRecord> }>();

/** External Client Apps by lower-cased MasterLabel and DeveloperName (what OauthToken.AppName holds), with their OAuth policy. */
function externalClientApps(index: SnapshotIndex) {
  let found = ecaCache.get(index);
  if (!found) {
    const byName = new Map<string, SfRecord>();
    for (const e of index.snapshot.records[ECA_OBJECT] ?? []) for (const n of [e.DeveloperName, e.MasterLabel]) if (str(n)) byName.set(String(n).toLowerCase(), e);
    const policyByApp = new Map<string, SfRecord>();
    for (const p of index.snapshot.records[ECA_OAUTH_POLICY_OBJECT] ?? []) if (str(p.ExternalClientApplicationId)) policyByApp.set(String(p.ExternalClientApplicationId), p);
    ecaCache.set(index, (found = { byName, policyByApp }));
  }
  return found;
}

export const iu14: UserCheck = ({ index, user, system }) => {
  const tokens = index.tokensByUser.get(user.Id) ?? [];
  const apps = new Map<string, string>();
  for (const t of tokens) if (str(t.AppName)) apps.set(String(t.AppName).toLowerCase(), String(t.AppName));
  if (system.connectedApp) apps.set(system.connectedApp.toLowerCase(), system.connectedApp);
  if (apps.size === 0) return outcome('n/a', 'no OAuth tokens and no declared connected app');
  const evidence: EvidenceRow[] = tokens.map((t) => row('OauthToken', t, ['AppName', 'LastUsedDate', 'UseCount']));
  const open: string[] = [];
  const unknown: string[] = [];
  const ecas = externalClientApps(index);
  for (const [key, name] of [...apps].sort(([a], [b]) => cmp(a, b))) {
    const app = index.connectedAppByName.get(key);
    if (app) {
      evidence.push(row('ConnectedApplication', app, ['Name', 'OptionsAllowAdminApprovedUsersOnly']));
      if (app.OptionsAllowAdminApprovedUsersOnly !== true) open.push(name);
      continue;
    }
    // Not a connected app: an External Client App (shared/salesforce-apps.ts)?
    const eca = ecas.byName.get(key);
    if (!eca) {
      unknown.push(name);
      continue;
    }
    evidence.push(row(ECA_OBJECT, eca, ['MasterLabel', 'DeveloperName', 'DistributionState']));
    const policy = ecas.policyByApp.get(eca.Id);
    if (policy) evidence.push(row(ECA_OAUTH_POLICY_OBJECT, policy, ['ExternalClientApplicationId', 'PermittedUsersPolicyType']));
    const approved = isAdminApprovedEcaPolicy(policy?.PermittedUsersPolicyType);
    if (approved === false) open.push(name);
    else if (approved === null) unknown.push(`${name} (External Client App without a readable OAuth policy)`);
  }
  if (open.length > 0) return outcome('fail', `app${open.length > 1 ? 's' : ''} ${open.join(', ')} let${open.length > 1 ? '' : 's'} any user self-authorise (not admin-approved only)`, evidence);
  if (unknown.length > 0) {
    const unread = [ECA_OBJECT, ECA_OAUTH_POLICY_OBJECT].map((o) => gapFor(index, o)).filter((g) => g !== null);
    const why = unread.length ? ` (${unread.map((g) => `${g.object} could not be read: ${g.errorCode}`).join('; ')})` : '';
    return outcome('warn', `app${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} found in neither ConnectedApplication nor ExternalClientApplication${why}: the admin-approval policy cannot be verified`, evidence);
  }
  return outcome('pass', `${[...apps.values()].sort(cmp).join(', ')}: admin-approved users only`, evidence);
};
