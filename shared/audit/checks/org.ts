/**
 * Org-wide checks: ORG-01 inventory complete, ORG-02 no person's account runs an
 * integration, ORG-03 risky API permissions held by few (hybrid), ORG-04 coverage.
 */
import { OBJECT_NAMES } from '../../salesforce-objects';
import { CHECKS, NEEDED_OBJECTS } from '../catalog';
import { INTEGRATION_LIKE, describeSources } from '../classify';
import { gapFor } from '../snapshot-index';
import type { EvidenceRow } from '../types';
import { cmp } from '../util';
import { INTEGRATION_LICENSE_NAME } from '../../salesforce-objects';
import { outcome, plural, type OrgCheck } from './context';

export const org01: OrgCheck = ({ users }) => {
  const candidates = users.filter((u) => u.isActive && INTEGRATION_LIKE.includes(u.classification));
  const undeclared = candidates.filter((u) => u.systems.length === 0);
  const evidence: EvidenceRow[] = undeclared.map((u) => ({
    object: 'User',
    id: u.id,
    Username: u.username,
    classification: u.classification,
    reasons: u.reasons.map((r) => r.text),
  }));
  if (undeclared.length > 0) {
    return outcome(
      'fail',
      `${plural(undeclared.length, 'active integration user')} not in any declared system: ${undeclared
        .slice(0, 10)
        .map((u) => u.username)
        .join(', ')}${undeclared.length > 10 ? ', …' : ''}`,
      evidence,
    );
  }
  return outcome('pass', `${plural(candidates.length, 'active integration user')}, all in declared systems`);
};

export const org02: OrgCheck = ({ users }) => {
  const bad = users.filter((u) => u.isActive && u.classification === 'human-as-integration');
  const evidence: EvidenceRow[] = bad.map((u) => ({
    object: 'User',
    id: u.id,
    Username: u.username,
    license: u.license,
    systems: u.systems,
    reasons: u.reasons.map((r) => r.text),
  }));
  if (bad.length > 0) return outcome('fail', `${plural(bad.length, "person's account")} used as an integration: ${bad.map((u) => u.username).join(', ')}`, evidence);
  return outcome('pass', "no active person's account is used as an integration");
};

const ANY_LICENSE = ['UseAnyApiClient', 'CanApproveUninstalledApps'];
/** The permissions whose holders ORG-03 counts. */
export const ORG_03_PERMISSIONS: readonly string[] = [...ANY_LICENSE, 'ApiEnabled'];

export const org03: OrgCheck = ({ engine, users, settings }) => {
  const counts = new Map<string, number>();
  // Permission names in code-unit order, so each user's rows come out in the order sorting them would give.
  const anyLicense = [...ANY_LICENSE].sort(cmp);
  const withApi = [...ANY_LICENSE, 'ApiEnabled'].sort(cmp);
  // Holders as indexes into `users` with the permissions each holds: no per-user objects for
  // the 20,000 holders of API Enabled in a large org.
  const holderIndexes: number[] = [];
  const heldPermissions: string[][] = [];
  let total = 0;
  users.forEach((u, i) => {
    if (!u.isActive) return;
    const fullLicense = u.license !== INTEGRATION_LICENSE_NAME && u.classification !== 'system' && (u.userType === null || u.userType === 'Standard');
    let permissions: string[] | undefined;
    for (const p of fullLicense ? withApi : anyLicense) {
      // Only active users reach here, so the holder sets (which ignore IsActive) answer exactly.
      if (!engine.holdersOf(p).has(u.id, u.profileId)) continue;
      counts.set(p, (counts.get(p) ?? 0) + 1);
      (permissions ??= []).push(p);
    }
    if (!permissions) return;
    total += permissions.length;
    holderIndexes.push(i);
    heldPermissions[i] = permissions;
  });
  if (total === 0) return outcome('pass', 'no active user holds Use Any API Client, Approve Uninstalled Connected Apps, or API Enabled on a full license');
  // In a large org nearly every user holds API Enabled: build evidence rows only for the ones
  // the result keeps, in the order it keeps them (User Id, then permission — what sorting the
  // rows themselves gives), and report how many there were.
  holderIndexes.sort((a, b) => cmp(users[a].id, users[b].id));
  // At most one row per kept user: their assignments in one pass.
  engine.index.assignmentsByUser.prefetch(holderIndexes.slice(0, settings.maxEvidenceRows).map((i) => users[i].id));
  const evidence: EvidenceRow[] = [];
  for (const i of holderIndexes) {
    if (evidence.length >= settings.maxEvidenceRows) break;
    const u = users[i];
    for (const p of heldPermissions[i]) {
      if (evidence.length >= settings.maxEvidenceRows) break;
      const sources = engine.systemPermission(u.id, p);
      evidence.push({ object: 'User', id: u.id, Username: u.username, permission: p, license: u.license, grantedBy: sources, grantedByText: describeSources(sources) });
    }
  }
  const parts = [...counts].sort(([a], [b]) => cmp(a, b)).map(([p, n]) => `${p}: ${plural(n, 'holder')}`);
  return { ...outcome('manual', `holders to confirm — ${parts.join(', ')}`, evidence), evidenceTotal: total };
};

export const org04: OrgCheck = ({ index }) => {
  const evidence: EvidenceRow[] = [];
  let neededGaps = 0;
  const objects = [...new Set([...OBJECT_NAMES, ...index.gaps.keys()])].sort(cmp);
  for (const object of objects) {
    const gap = gapFor(index, object);
    if (!gap) continue;
    const feeds = CHECKS.filter((c) => c.needs.includes(object)).map((c) => c.id);
    if (NEEDED_OBJECTS.includes(object)) neededGaps++;
    evidence.push({ object: 'CoverageGap', id: object, errorCode: gap.errorCode, message: gap.message, feeds });
  }
  if (neededGaps > 0) {
    return outcome(
      'fail',
      `${plural(neededGaps, 'object')} the checks need could not be read: ${evidence
        .filter((e) => (e.feeds as string[]).length)
        .map((e) => `${e.id} (${e.errorCode})`)
        .join(', ')}`,
      evidence,
    );
  }
  if (evidence.length > 0) return outcome('warn', `${plural(evidence.length, 'object')} not read, none needed by a check: ${evidence.map((e) => e.id).join(', ')}`, evidence);
  return outcome('pass', 'every object the checks need was read');
};
