/**
 * The declared scope file: what each system legitimately needs (HIPAA "minimum necessary"
 * made concrete). It round-trips through YAML or JSON so consultants can keep it in version
 * control; parsing never throws on bad input, it answers with file/path/reason.
 */
import { z } from 'zod';
import { parseDocument, stringify } from 'yaml';
import { parseCidr } from './ip';

export const ACCESS_LEVELS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;
export const Access = z.enum(ACCESS_LEVELS);
export type Access = z.infer<typeof Access>;

export const AUTH_FLOWS = ['jwt', 'client_credentials', 'oauth_web', 'password'] as const;

const Cidr = z.string().refine((s) => parseCidr(s) !== null, { message: 'not a CIDR range (e.g. 198.51.100.0/24)' });
const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/, 'field must be Object.Field');
// One sentence for every way a number of days can be wrong (text, a fraction, zero, negative):
// the system editor shows it on the field and scope imports beside the path, never zod's wording.
const DAYS = 'must be a whole number of days, 1 or more';
const PositiveDays = z.number({ error: DAYS }).int({ error: DAYS }).positive({ error: DAYS });

export const Thresholds = z.strictObject({
  staleDays: PositiveDays.optional(),
  rotationDays: PositiveDays.optional(),
  lookbackDays: PositiveDays.optional(),
});
export type Thresholds = z.infer<typeof Thresholds>;

export const SystemScope = z.strictObject({
  name: z.string().trim().min(1, 'name is required'),
  /** May be blank in a template: IU-15 stays `manual` until it is filled. */
  owner: z.string(),
  purpose: z.string(),
  vendor: z.string().optional(),
  reviewCadence: z.string().optional(),
  /** ISO date of the last access review; IU-15 wants it (or a cadence). */
  lastReviewed: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }).optional(),
  users: z.array(z.string().trim().min(1)),
  objects: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'not an object API name'), z.array(Access)),
  fields: z.record(FieldName, z.array(z.enum(['read', 'edit']))).optional(),
  classifications: z.array(z.string().min(1)).optional(),
  systemPermissions: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'not a permission name'), z.string().trim().min(1, 'a justification is required')).optional(),
  authFlow: z.enum(AUTH_FLOWS).optional(),
  connectedApp: z.string().min(1).optional(),
  ipRanges: z.array(Cidr).optional(),
  thresholds: Thresholds.optional(),
});
export type SystemScope = z.infer<typeof SystemScope>;

export const ScopeFile = z
  .strictObject({
    version: z.literal(1),
    systems: z.array(SystemScope),
    /**
     * What this org adds to the default definition of sensitive data
     * (shared/salesforce-classification.ts), e.g. `securityClassifications: [Confidential]`.
     */
    sensitiveData: z
      .strictObject({
        complianceGroups: z.array(z.string().trim().min(1)).optional(),
        securityClassifications: z.array(z.string().trim().min(1)).optional(),
      })
      .optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.systems.forEach((s, i) => {
      const key = s.name.trim().toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['systems', i, 'name'], message: `duplicate system name "${s.name}" (also systems[${first}])` });
      else seen.set(key, i);
      const users = new Set<string>();
      s.users.forEach((u, j) => {
        const k = u.toLowerCase();
        if (users.has(k)) ctx.addIssue({ code: 'custom', path: ['systems', i, 'users', j], message: `duplicate username "${u}" in this system` });
        users.add(k);
      });
    });
  });
export type ScopeFile = z.infer<typeof ScopeFile>;

export interface ScopeProblem {
  file: string;
  /** Dotted path into the document (`systems[0].objects.Contact[1]`), or `line L, column C` for syntax errors. */
  path: string;
  reason: string;
}

export type ScopeParseResult = { ok: true; scope: ScopeFile } | { ok: false; errors: ScopeProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export function validateScope(value: unknown, fileName = '(input)'): ScopeParseResult {
  const parsed = ScopeFile.safeParse(value);
  if (parsed.success) return { ok: true, scope: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => ({ file: fileName, path: formatPath(i.path), reason: reasonOf(i) })) };
}

/** Zod reports a bad record key as "Invalid key in record"; the nested issue says why. */
function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues.length > 0) return `invalid key: ${issue.issues.map((i) => i.message).join('; ')}`;
  return issue.message;
}

export function parseScopeText(text: string, opts: { fileName: string; format: 'yaml' | 'json' }): ScopeParseResult {
  const file = opts.fileName;
  let value: unknown;
  if (opts.format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, errors: [{ file, path: '(root)', reason: `not valid JSON: ${(e as Error).message}` }] };
    }
    // JSON.parse keeps the last of duplicate keys silently; the YAML parser reports them.
    const dup = parseDocument(text, { uniqueKeys: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (dup) return { ok: false, errors: [{ file, path: linePath(dup.linePos), reason: firstLine(dup.message) }] };
  } else {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) {
      return { ok: false, errors: doc.errors.map((e) => ({ file, path: linePath(e.linePos), reason: firstLine(e.message) })) };
    }
    // Converting can still fail: an alias to an anchor that does not exist, or an alias bomb
    // (yaml's maxAliasCount guard throws rather than reporting).
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { ok: false, errors: [{ file, path: '(root)', reason: firstLine((e as Error).message) }] };
    }
  }
  return validateScope(value, file);
}

function linePath(pos: readonly { line: number; col: number }[] | undefined): string {
  return pos && pos[0] ? `line ${pos[0].line}, column ${pos[0].col}` : '(root)';
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function serializeScope(scope: ScopeFile, format: 'yaml' | 'json'): string {
  return format === 'json' ? JSON.stringify(scope, null, 2) + '\n' : stringify(scope, { lineWidth: 0 });
}

/** `PermissionsApiEnabled` and `ApiEnabled` name the same permission. */
export function normalizePermissionName(name: string): string {
  return name.startsWith('Permissions') && name.length > 'Permissions'.length ? name.slice('Permissions'.length) : name;
}

/** Declared levels closed under the same implications Salesforce applies to grants. */
export function closeAccess(levels: readonly Access[]): Set<Access> {
  const out = new Set<Access>(levels);
  if (out.has('modifyAll')) for (const l of ACCESS_LEVELS) out.add(l);
  if (out.has('viewAll')) out.add('read');
  if (out.has('delete')) out.add('edit');
  if (out.has('edit')) out.add('read');
  return out;
}
