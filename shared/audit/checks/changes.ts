/**
 * IU-13 changes in the review period (hybrid: the auditor confirms each entry) and IU-14
 * connected apps restricted to admin-approved users.
 */
import { ECA_OAUTH_POLICY_OBJECT, ECA_OBJECT, isAdminApprovedEcaPolicy } from '../../salesforce-apps';
import { gapFor, str, type SnapshotIndex } from '../snapshot-index';
import type { SfRecord } from '../../model';
import type { EvidenceRow } from '../types';
import { setupChangesTouching } from '../setup-changes';
import { cmp } from '../util';
import { outcome, plural, row, type UserCheck } from './context';

export const iu13: UserCheck = (ctx) => {
  const { index, user, windowStartMs, asOfMs, thresholds } = ctx;
  const evidence = setupChangesTouching(index, user, { startMs: windowStartMs, endMs: asOfMs }).map(({ entry, matchedOn }) =>
    row('SetupAuditTrail', entry, ['CreatedDate', 'CreatedById', 'Action', 'Section', 'Display', 'DelegateUser'], { matchedOn }),
  );
  if (evidence.length === 0) return outcome('pass', `no Setup Audit Trail entries touching the user, its profile or permission sets in the last ${thresholds.lookbackDays} days`);
  return outcome(
    'manual',
    `${plural(evidence.length, 'Setup Audit Trail entry', 'Setup Audit Trail entries')} in the last ${thresholds.lookbackDays} days await confirmation that each was authorised`,
    evidence,
  );
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
  if (open.length > 0)
    return outcome('fail', `app${open.length > 1 ? 's' : ''} ${open.join(', ')} let${open.length > 1 ? '' : 's'} any user self-authorise (not admin-approved only)`, evidence);
  if (unknown.length > 0) {
    const unread = [ECA_OBJECT, ECA_OAUTH_POLICY_OBJECT].map((o) => gapFor(index, o)).filter((g) => g !== null);
    const why = unread.length ? ` (${unread.map((g) => `${g.object} could not be read: ${g.errorCode}`).join('; ')})` : '';
    return outcome(
      'warn',
      `app${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} found in neither ConnectedApplication nor ExternalClientApplication${why}: the admin-approval policy cannot be verified`,
      evidence,
    );
  }
  return outcome('pass', `${[...apps.values()].sort(cmp).join(', ')}: admin-approved users only`, evidence);
};
