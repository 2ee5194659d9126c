/**
 * Salesforce-shaped record Ids: a 3-character key prefix that names the object, a 12-character
 * body, and the 3-character case-safe suffix Salesforce appends to make 18-character Ids.
 * Ids come from per-prefix counters so the same generation order always yields the same Ids.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Key prefixes the demo org uses. Real orgs agree for the well-known ones (005, 00e, 0PS, 00D). */
export const KEY_PREFIX: Record<string, string> = {
  Organization: '00D',
  User: '005',
  UserLogin: '060',
  Profile: '00e',
  UserLicense: '100',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  PermissionSetGroup: '0PG',
  PermissionSetGroupComponent: '0PH',
  MutingPermissionSet: '0QM',
  ObjectPermissions: '110',
  FieldPermissions: '01k',
  SetupEntityAccess: '0J0',
  PermissionSetLicense: '0PL',
  PermissionSetLicenseAssign: '2LA',
  LoginHistory: '0Ya',
  LoginIpRange: '0Lr',
  OauthToken: '0CQ',
  ConnectedApplication: '0H4',
  SetupAuditTrail: '0Ym',
  QueryLocator: '01g',
  EventLogFile: '0AT',
  Account: '001',
  Contact: '003',
  Order: '801',
  Case: '500',
  Task: '00T',
  Lead: '00Q',
  Opportunity: '006',
  // Custom objects get an org-specific prefix; these are GreenPath's.
  Patient_Visit__c: 'a0P',
  Lab_Result__c: 'a0L',
  Prescription__c: 'a0R',
  Invoice__c: 'a0I',
  // The scaled org's 49 generic custom objects (dataset/scale.ts): a1 followed by one base-62 digit.
  ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`Custom_Object_${i + 1}__c`, `a1${BASE62[i + 1]}`])),
  BulkJob: '750',
};

export function caseSafeSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX_CHARS[bits];
  }
  return out;
}

function base62(n: number, width: number): string {
  let s = '';
  let v = n;
  do {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  } while (v > 0);
  return s.padStart(width, '0');
}

/** Builds the 18-character Id for the n-th record of a prefix. */
export function sfId(prefix: string, n: number, pod = 'Hs'): string {
  const id15 = `${prefix}${pod}0${base62(n, 9)}`.slice(0, 15);
  return id15 + caseSafeSuffix(id15);
}

/** Hands out sequential Ids per prefix; one allocator per generated dataset keeps them stable. */
export class IdAllocator {
  private readonly counters = new Map<string, number>();
  constructor(private readonly pod = 'Hs') {}
  next(objectOrPrefix: string): string {
    const prefix = KEY_PREFIX[objectOrPrefix] ?? objectOrPrefix;
    // An object without a prefix would otherwise get its name cut to 15 characters as its Id.
    if (prefix.length !== 3) throw new Error(`No key prefix for ${objectOrPrefix}: add one to KEY_PREFIX`);
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return sfId(prefix, n, this.pod);
  }
}

export function looksLikeSfId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value);
}

/** Salesforce compares 15- and 18-character Ids as equal. */
export function to15(id: string): string {
  return id.length === 18 ? id.slice(0, 15) : id;
}
