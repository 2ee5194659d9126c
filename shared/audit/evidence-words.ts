/**
 * Evidence in words (issue #19 item 6): one date format (ISO 8601 in UTC, to the second), lists
 * as text, labels beside API names, names beside Ids, high-risk permissions marked. Every
 * output that shows evidence to a person — the pack's sheets, `report --json`'s readable rows,
 * the UI — formats through here, so the rule is written once.
 */
import type { Access } from './scope';
import type { EvidenceRow, Source } from './types';
import { timeOf } from './util';
import { permissionLabel } from './remediation';

/** How a pack says its dates once (Cover, and each sheet's date columns say "(UTC)"). */
export const DATE_FORMAT_NOTE = 'ISO 8601 in UTC, to the second (e.g. 2026-01-31T14:05:09Z); dates without a time as YYYY-MM-DD';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date-time as ISO 8601 UTC to the second ("2026-01-31T14:05:09Z"), whatever form it came in
 * (Salesforce's `+0000`, our own milliseconds). A plain date stays YYYY-MM-DD; anything that is
 * not a date comes back as given (org data is never invented).
 */
export function isoUtc(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Both forms start with four digits and a dash: most evidence text is no date, so say so without a regex.
  if (text.charCodeAt(4) !== 45 || DATE_ONLY.test(text) || !DATE_TIME.test(text)) return text;
  const t = timeOf(text.replace(' ', 'T'));
  return t === null ? text : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Every date-time inside a sentence of our own (e.g. "decided by Ann at 2026-…"), rewritten as isoUtc. */
export function datesInText(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})/g, (m) => isoUtc(m));
}

const ACCESS_ORDER: readonly Access[] = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'];
const ACCESS_WORDS: Record<Access, string> = { read: 'Read', create: 'Create', edit: 'Edit', delete: 'Delete', viewAll: 'View All', modifyAll: 'Modify All' };

/** Scope access levels as Setup names them, in Setup's order: "Read, Edit, View All". */
export function accessWords(levels: Iterable<string>): string {
  const set = new Set(levels);
  return ACCESS_ORDER.filter((l) => set.has(l))
    .map((l) => ACCESS_WORDS[l])
    .join(', ');
}

/** "Invoice (Invoice__c)" when the label says something the API name does not; else the API name. */
export function labelled(apiName: string, label: string | null | undefined): string {
  const l = label?.trim();
  return l && l !== apiName ? `${l} (${apiName})` : apiName;
}

/**
 * System permissions that open all data or let the holder change who can do what: a grant of
 * one of these to an integration user is weighted as critical wherever it is listed.
 */
const CRITICAL_PERMISSIONS: Readonly<Record<string, string>> = {
  ModifyAllData: 'edits and deletes every record of every object',
  ViewAllData: 'reads every record of every object',
  AuthorApex: 'runs code that bypasses sharing and permissions',
  CustomizeApplication: 'changes the org’s configuration',
  ModifyMetadata: 'changes the org’s configuration',
  ManageUsers: 'creates users and grants them any access',
  ManageProfilesPermissionsets: 'grants any permission to anyone',
  AssignPermissionSets: 'grants any permission set to anyone',
};

/** "Critical: reads every record of every object" or "High risk" for any other high-risk permission. */
export function riskOf(permission: string): string {
  const why = CRITICAL_PERMISSIONS[permission];
  return why ? `Critical: ${why}` : 'High risk';
}

export { permissionLabel };

/** Sources are shared and never changed (shared/audit/access.ts): each one's words are kept. */
const sourceTexts = new WeakMap<Source, string>();

/** A grant's source in words: "permission set group G → S (implied by ViewAllData)". */
export function sourceText(s: Source): string {
  let text = sourceTexts.get(s);
  if (text === undefined) sourceTexts.set(s, (text = sourceWords(s)));
  return text;
}

function sourceWords(s: Source): string {
  const kind = s.kind === 'permissionSet' ? 'permission set' : s.kind === 'group' ? 'permission set group' : 'profile';
  const via = s.viaComponent ? ` → ${s.viaComponent.name}` : '';
  const implied = s.impliedBy ? ` (implied by ${permissionLabel(s.impliedBy)})` : '';
  const stale = s.groupStatus ? ` [group ${s.groupStatus}: not recalculated, may not be current]` : '';
  return `${kind} ${s.name}${via}${implied}${stale}`;
}

function isSource(v: unknown): v is Source {
  return typeof v === 'object' && v !== null && 'kind' in v && 'name' in v;
}

/** Any evidence value as text: lists joined with ", ", grants as sentences, dates as isoUtc, never JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return isoUtc(value);
  if (Array.isArray(value)) {
    // Most lists are one grant: its text alone, as joining the one part would give.
    if (value.length === 1) return isSource(value[0]) ? sourceText(value[0]) : valueText(value[0]);
    const parts = value.map((v) => (isSource(v) ? sourceText(v) : valueText(v))).filter((t) => t !== '');
    return [...new Set(parts)].join(value.some(isSource) ? '; ' : ', ');
  }
  if (isSource(value)) return sourceText(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${fieldWords(k)}: ${valueText(v)}`)
    .join('; ');
}

/** Evidence keys as words: Salesforce's field names are kept (with the Id suffix spelled out), ours split into words. */
const FIELD_WORDS: Record<string, string> = {
  object: 'Object',
  id: 'Record Id',
  grantedBy: 'Granted by',
  matchedOn: 'Matched on',
  CreatedById: 'Created by',
  CreatedDate: 'Created (UTC)',
  LastModifiedDate: 'Last modified (UTC)',
  LoginTime: 'Login time (UTC)',
  LastLoginDate: 'Last login (UTC)',
  LastUsedDate: 'Last used (UTC)',
  LastPasswordChangeDate: 'Password last changed (UTC)',
  DelegateUser: 'Delegate user',
  SourceIp: 'Source IP',
  ProfileId: 'Profile Id',
  UserId: 'User Id',
  AppName: 'App',
  UseCount: 'Use count',
};

const fieldWordsSeen = new Map<string, string>();

export function fieldWords(key: string): string {
  const known = FIELD_WORDS[key];
  if (known) return known;
  let words = fieldWordsSeen.get(key);
  if (words === undefined) {
    // Evidence keys are few and repeat in every row; a hostile org's many field names stay bounded.
    if (fieldWordsSeen.size >= 10_000) fieldWordsSeen.clear();
    fieldWordsSeen.set(key, (words = keyWords(key)));
  }
  return words;
}

function keyWords(key: string): string {
  const words = key
    .replace(/__c$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/\bId$/, 'Id')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A user in words: "Dana Whitfield (admin@greenpath.example, 005…)", or the Id alone when unknown. */
export function personText(id: string, user: Readonly<Record<string, unknown>> | undefined): string {
  if (!user) return id;
  const name = typeof user.Name === 'string' && user.Name.trim() ? user.Name.trim() : null;
  const username = typeof user.Username === 'string' ? user.Username : null;
  const inner = [username, id].filter(Boolean).join(', ');
  return name ? `${name} (${inner})` : `${username ?? id}${username ? ` (${id})` : ''}`;
}

/** Fields of an evidence row that hold a user's Id (shown with the user's name and username beside it). */
const USER_ID_FIELDS = new Set(['CreatedById', 'LastModifiedById', 'UserId', 'OwnerId', 'AssigneeId']);

/**
 * One evidence row in words, keyed by column headings in words: what the UI's evidence table and
 * `report --json`'s `evidenceInWords` show. `userOf` resolves user Ids to names.
 */
export function evidenceRowInWords(r: EvidenceRow, userOf: (id: string) => Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === null || v === undefined || v === '') continue;
    if (USER_ID_FIELDS.has(k) && typeof v === 'string') out[fieldWords(k)] = personText(v, userOf(v));
    else if (k === 'permission' && typeof v === 'string') out.Permission = permissionLabel(v);
    else out[fieldWords(k)] = valueText(v);
  }
  return out;
}
