/**
 * Profile login IP ranges. `LoginIpRange` is not an sObject: the ranges are part of a profile's
 * metadata (Metadata API `Profile.loginIpRanges`; Tooling API `Profile.Metadata`, which may be
 * selected only when the query matches one row — tooling_api_objects_profile.htm). We read the
 * Tooling API one profile at a time (as j-schreiber/js-sf-cli-security-audit does) and store
 * each range as a flat `LoginIpRange` record so the audit reads them like any other object.
 * Sources and the demo-org behaviour: docs/salesforce-fidelity.md.
 */
import type { SfRecord } from '../../../shared/model';
import type { SfClient } from './client';
import { SfApiError } from './errors';
import type { OnPage, OnRows, PlannedFetch } from './fetch';
import { profileMetadataSoql, queryPath } from './query-plan';

interface ProfileMetadataPage {
  records?: { Id?: string; Metadata?: { loginIpRanges?: unknown } | null }[];
}

interface RangeShape {
  startAddress?: unknown;
  endAddress?: unknown;
}

/** `ProfileId:start-end` (plus `#n` for a repeated range): stable whatever order Salesforce lists them in. */
function rangeKey(profileId: string, start: string | null, end: string | null, seen: Map<string, number>): string {
  const base = `${profileId}:${start ?? ''}-${end ?? ''}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}#${n}`;
}

export async function fetchProfileIpRanges(client: SfClient, profileIds: readonly string[], onRows: OnRows, onPage: OnPage): Promise<PlannedFetch> {
  const start = client.apiCalls;
  let received = 0;
  const queries: string[] = [];
  for (const profileId of [...profileIds].sort()) {
    const soql = profileMetadataSoql(profileId);
    queries.push(soql);
    const page = await client.get<ProfileMetadataPage>(queryPath(client.session.version, soql, true));
    const profile = page.records?.[0];
    if (!profile) {
      // Profile Filtering can hide profiles from the auditing user: say so rather than store "no ranges".
      throw new SfApiError(
        200,
        'PROFILE_NOT_VISIBLE',
        `the Tooling API did not return profile ${profileId}, so its login IP ranges could not be read (Profile Filtering may hide it from the auditing user)`,
      );
    }
    // Shapes seen in public code: an array, null, or (single-element XML conversions) one object.
    const raw = profile.Metadata?.loginIpRanges;
    const ranges: RangeShape[] = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw as RangeShape] : [];
    const seen = new Map<string, number>();
    const records: SfRecord[] = [];
    for (const r of ranges) {
      const startAddress = typeof r.startAddress === 'string' ? r.startAddress : null;
      const endAddress = typeof r.endAddress === 'string' ? r.endAddress : null;
      records.push({ Id: rangeKey(profileId, startAddress, endAddress, seen), ProfileId: profileId, StartAddress: startAddress, EndAddress: endAddress });
    }
    if (records.length > 0) onPage(records);
    received += records.length;
    onRows(received, null);
  }
  return { received, totalSize: received, apiCalls: client.apiCalls - start, queries };
}

/**
 * The profiles the audit needs ranges for: those of the integration candidates when the
 * collection is scoped, else every profile with an active user.
 */
export function profilesNeedingRanges(users: Iterable<SfRecord>, candidateUserIds: ReadonlySet<string> | null): string[] {
  const ids = new Set<string>();
  for (const u of users) {
    if (typeof u.ProfileId !== 'string') continue;
    if (candidateUserIds ? candidateUserIds.has(u.Id) : u.IsActive !== false) ids.add(u.ProfileId);
  }
  return [...ids].sort();
}
