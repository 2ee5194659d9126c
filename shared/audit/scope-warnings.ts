/**
 * Declared objects and fields that the snapshot does not know: usually a typo, or an object
 * from another org. Warnings, not errors: the scope file is reused across orgs.
 */
import type { SnapshotData } from '../model';
import type { ScopeFile, ScopeProblem } from './scope';
import { buildIndex, type SnapshotIndex } from './snapshot-index';

export function scopeWarnings(scope: ScopeFile, snapshot: SnapshotData | SnapshotIndex, fileName = '(scope)'): ScopeProblem[] {
  const index = 'knownObjects' in snapshot ? snapshot : buildIndex(snapshot);
  const out: ScopeProblem[] = [];
  const objectsKnown = index.knownObjects.size > 0;
  scope.systems.forEach((s, i) => {
    if (objectsKnown) {
      for (const obj of Object.keys(s.objects)) {
        if (!index.knownObjects.has(obj)) out.push({ file: fileName, path: `systems[${i}].objects.${obj}`, reason: `object ${obj} is not in this org's snapshot` });
      }
    }
    for (const field of Object.keys(s.fields ?? {})) {
      const obj = field.slice(0, field.indexOf('.'));
      if (objectsKnown && !index.knownObjects.has(obj)) out.push({ file: fileName, path: `systems[${i}].fields.${field}`, reason: `object ${obj} is not in this org's snapshot` });
      else if (index.knownFields.size > 0 && !index.knownFields.has(field))
        out.push({ file: fileName, path: `systems[${i}].fields.${field}`, reason: `field ${field} is not in this org's snapshot` });
    }
    s.users.forEach((u, j) => {
      if (index.users.length > 0 && !index.userByUsername.has(u.toLowerCase()))
        out.push({ file: fileName, path: `systems[${i}].users[${j}]`, reason: `user ${u} is not in this org's snapshot` });
    });
  });
  return out;
}
