/**
 * An alias names one org: its registration and every snapshot, decision, note, review,
 * sign-off, scope version and activity entry stored under it. A different org never joins an
 * alias (so `diff` and evidence never compare two orgs); it may take an alias over only through
 * `orgs add ALIAS --replace`, which first moves everything the earlier org has under ALIAS to a
 * new alias named after it (`ALIAS-<org id>`), in one transaction, deleting nothing.
 *
 * Snapshot import follows the same rule (snapshot-files/import.ts): a file of another org is
 * refused for an alias that holds one.
 */
import os from 'node:os';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import { OrgAlias } from '../../../shared/contract/orgs';
import { auditRepository } from '../audit/repository';
import { countSnapshots, otherOrgsSnapshots } from '../snapshots/repository';
import { lockIsStale, type LockRow } from './lock';
import { getOrg } from './repository';

/** The org other than the one at hand that an alias holds: registered there, or only its snapshots (a removed org's). */
export interface EarlierOrg {
  orgId: string;
  orgName: string;
  registered: boolean;
  snapshots: number;
}

/** What `alias` holds of an org other than `orgId`, or null when it holds nothing of another org. */
export function earlierOrgUnder(db: Database.Database, alias: string, orgId: string): EarlierOrg | null {
  const org = getOrg(db, alias);
  if (org?.orgId && org.orgId !== orgId) return { orgId: org.orgId, orgName: org.orgName ?? org.orgId, registered: true, snapshots: countSnapshots(db, alias) };
  const kept = otherOrgsSnapshots(db, alias, orgId);
  if (kept.length) return { orgId: kept[0].orgId, orgName: kept[0].orgName, registered: false, snapshots: countSnapshots(db, alias) };
  return null;
}

export function describeEarlierOrg(alias: string, earlier: EarlierOrg): string {
  const n = `${earlier.snapshots} snapshot${earlier.snapshots === 1 ? '' : 's'}`;
  const org = `org ${earlier.orgName} (${earlier.orgId})`;
  // Not registered: the org was removed (its snapshots stay as evidence), or the alias was re-pointed before this rule.
  return earlier.registered ? `The alias "${alias}" is ${org}, with ${n}` : `The alias "${alias}" holds ${n} of ${org}, which is no longer registered under it`;
}

/**
 * Tables whose rows belong to an alias, read from the schema so a table added later moves too.
 * Not moved: the collection lock and staged rows of a collection (a running one refuses the
 * move; a killed one's rows are swept at start-up).
 */
function aliasTables(db: Database.Database): string[] {
  const rows = db
    .prepare("SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'org_alias' ORDER BY m.name")
    .pluck()
    .all() as string[];
  return rows.filter((t) => t !== 'collection_lock' && t !== 'snapshot_staging');
}

function aliasInUse(db: Database.Database, alias: string): boolean {
  if (getOrg(db, alias)) return true;
  return aliasTables(db).some((t) => db.prepare(`SELECT 1 FROM "${t}" WHERE org_alias = ? LIMIT 1`).get(alias) !== undefined);
}

/** `ALIAS-<org id>` (shortened to fit the 64 characters of an alias), then `-2`, `-3`… if taken. */
export function aliasForEarlierOrg(db: Database.Database, alias: string, orgId: string): string {
  const id = orgId.replace(/[^A-Za-z0-9_.-]/g, '_');
  for (let n = 1; n < 1000; n++) {
    const tail = `-${id}${n === 1 ? '' : `-${n}`}`;
    const candidate = `${alias.slice(0, 64 - tail.length)}${tail}`;
    if (OrgAlias.safeParse(candidate).success && !aliasInUse(db, candidate)) return candidate;
  }
  throw new AppError('conflict', `No free alias is left for the earlier org ${orgId} of "${alias}"; nothing was changed.`);
}

export interface AliasMove {
  from: string;
  to: string;
  earlier: EarlierOrg;
  newOrg: { orgId: string; orgName: string };
  actor?: string;
}

/**
 * Moves everything under `from` to `to` (which must be unused): the org row and every row of
 * every table with an org_alias column, recorded in alias_move. All or nothing; run it inside
 * the transaction that then registers the new org under `from`.
 */
export function moveAlias(db: Database.Database, m: AliasMove, at = new Date().toISOString()): void {
  db.transaction(() => {
    if (!OrgAlias.safeParse(m.to).success || m.to === m.from) throw new Error(`alias move to an invalid alias "${m.to}"`);
    const lock = db.prepare('SELECT * FROM collection_lock WHERE org_alias = ?').get(m.from) as LockRow | undefined;
    if (lock && !lockIsStale(lock, os.hostname())) {
      throw new AppError('busy', `A collection of ${m.from} is running (process ${lock.pid}); point the alias at another org after it finishes. Nothing was changed.`);
    }
    if (aliasInUse(db, m.to)) throw new AppError('conflict', `The alias "${m.to}" was taken meanwhile; nothing was changed. Try again.`);
    const snapshots = countSnapshots(db, m.from);
    const moveId = db
      .prepare('INSERT INTO alias_move (from_alias, to_alias, org_id, org_name, new_org_id, new_org_name, snapshots, at, moving) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)')
      .run(m.from, m.to, m.earlier.orgId, m.earlier.orgName, m.newOrg.orgId, m.newOrg.orgName, snapshots, at).lastInsertRowid;
    // The earlier org's registration moves with its data. A row already naming the new org (an
    // alias re-pointed before this rule, over a removed org's snapshots) stays, without a current snapshot.
    db.prepare('UPDATE org SET alias = ?, updated_at = ? WHERE alias = ? AND org_id IS NOT ?').run(m.to, at, m.from, m.newOrg.orgId);
    db.prepare('UPDATE org SET current_snapshot_id = NULL WHERE alias = ?').run(m.from);
    // Only org_alias changes: the immutability triggers (migration 009) let exactly this through while the move is open.
    for (const table of aliasTables(db)) db.prepare(`UPDATE "${table}" SET org_alias = ? WHERE org_alias = ?`).run(m.to, m.from);
    auditRepository(db).addActivity(m.to, {
      at,
      actor: m.actor ?? '(orgs add --replace)',
      action: 'alias moved',
      system: '',
      snapshotId: null,
      detail: `Moved here from the alias "${m.from}" (with ${snapshots} snapshot${snapshots === 1 ? '' : 's'}) when "${m.from}" was pointed at org ${m.newOrg.orgName} (${m.newOrg.orgId}).`,
    });
    auditRepository(db).addActivity(m.from, {
      at,
      actor: m.actor ?? '(orgs add --replace)',
      action: 'alias replaced',
      system: '',
      snapshotId: null,
      detail: `"${m.from}" now names org ${m.newOrg.orgName} (${m.newOrg.orgId}). The earlier org ${m.earlier.orgName} (${m.earlier.orgId}) and its ${snapshots} snapshot${snapshots === 1 ? '' : 's'} are kept under the alias "${m.to}".`,
    });
    db.prepare('UPDATE alias_move SET moving = 0 WHERE id = ?').run(moveId);
  })();
}
