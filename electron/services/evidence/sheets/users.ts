/**
 * Users: the whole population of the snapshot — every user, active or not — with the
 * classification the engine gave it and why, so an auditor can re-perform ORG-01 (the
 * integration inventory is complete) and ORG-02 (no person's account runs an integration)
 * from the pack alone, not only from the users it classified as integrations.
 */
import { isoUtc } from '../../../../shared/audit/evidence-words';
import type { PackData } from '../data';
import { row, yesNo, type SheetSpec } from '../model';

export const USERS_HEADER = [
  'Username',
  'Name',
  'User Id',
  'Active',
  'User type',
  'Classification',
  'Reasons',
  'Records behind the reasons',
  'License',
  'Profile',
  'API only',
  'Last login (UTC)',
  'Declared in systems',
] as const;

export function usersSheet(pack: PackData): SheetSpec {
  const engine = pack.prepared.engine;
  return {
    name: 'Users',
    widths: [36, 26, 20, 8, 20, 22, 70, 40, 30, 34, 9, 26, 30],
    headerRow: true,
    rows: function* () {
      yield row([...USERS_HEADER], 'header');
      // The evaluation lists every user of the snapshot, sorted by username then Id.
      const apiOnly = engine.holdersOf('ApiUserOnly');
      for (const u of pack.view.evaluation.users) {
        yield row([
          u.username,
          u.name ?? '',
          u.id,
          yesNo(u.isActive),
          u.userType ?? '',
          u.classification,
          u.reasons.map((r) => r.text).join('; '),
          [...new Set(u.reasons.flatMap((r) => r.recordIds))].join(', '),
          u.license ?? '',
          u.profile ?? u.profileId ?? '',
          // What the user would hold, active or not: the classifier's own reading.
          yesNo(apiOnly.has(u.id, u.profileId)),
          isoUtc(u.lastLogin),
          u.systems.join(', '),
        ]);
      }
    },
  };
}
