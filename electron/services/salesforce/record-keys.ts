/**
 * Records without a usable Id. OauthToken.Id is "Reserved for future use. Currently, the value
 * is always null" (sforce_api_objects_oauthtoken.htm), and metadata objects may answer a
 * placeholder Id. Completeness is then judged on counts alone, and the snapshot keys each such
 * record with a synthetic key derived from its content — stable across collections, never
 * mistaken for a Salesforce Id (`synthetic:` prefix). docs/salesforce-fidelity.md.
 */
import crypto from 'node:crypto';
import type { SfRecord } from '../../../shared/model';
import { canonicalRecordJson } from '../snapshots/canonical';

export const SYNTHETIC_KEY_PREFIX = 'synthetic:';

/**
 * True when the records' Ids cannot key them: some are null/empty, or not all distinct. `seen`
 * carries the Ids of earlier pages of the same object (each usable Id is added to it).
 */
export function idsUnusable(records: readonly SfRecord[], seen = new Set<string>()): boolean {
  for (const r of records) {
    const id = r.Id as unknown;
    if (typeof id !== 'string' || id === '' || seen.has(id)) return true;
    seen.add(id);
  }
  return false;
}

/**
 * Replaces each record's Id with `synthetic:<sha256 of the record without Id>` (and `#n` for
 * identical records, which are indistinguishable anyway). Mutates and returns the records.
 * `seen` carries the keys of earlier pages of the same object.
 */
export function keySynthetically(records: SfRecord[], seen = new Map<string, number>()): SfRecord[] {
  for (const r of records) {
    const rest: Record<string, unknown> = { ...r };
    delete rest.Id;
    const digest = crypto
      .createHash('sha256')
      .update(canonicalRecordJson(rest as SfRecord))
      .digest('hex')
      .slice(0, 32);
    const n = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, n);
    (r as Record<string, unknown>).Id = `${SYNTHETIC_KEY_PREFIX}${digest}${n === 1 ? '' : `#${n}`}`;
  }
  return records;
}
