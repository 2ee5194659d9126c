/**
 * What happened around the integration users: Logins (summary and raw rows in the look-back
 * window), Changes (Setup Audit Trail entries touching them), Drift (since an earlier
 * snapshot) and Coverage (what was collected, and what could not be).
 */
import type { SfRecord } from '../../../../shared/model';
import { changeWindow, lookbackDaysOf, setupChangesTouching } from '../../../../shared/audit/setup-changes';
import { cmp, timeOf } from '../../../../shared/audit/util';
import { datesInText, isoUtc, labelled, permissionLabel, personText } from '../../../../shared/audit/evidence-words';
import type { PermissionChange } from '../../../../shared/audit/drift';
import type { PackData } from '../data';
import { row, type Cell, type SheetSpec } from '../model';
import { sourceText } from './access';
import { ORG_WIDE } from './review';

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v));

function inWindow(pack: PackData, value: unknown): boolean {
  const t = timeOf(value);
  return t !== null && t >= Date.parse(pack.windowStart) && t <= Date.parse(pack.meta.finishedAt);
}

const distinct = (values: unknown[]): string => [...new Set(values.map(text).filter(Boolean))].sort(cmp).join(', ');

export function loginsSheet(pack: PackData): SheetSpec {
  return {
    name: 'Logins',
    widths: [30, 9, 8, 26, 26, 24, 28, 30, 12, 20],
    headerRow: true,
    rows: function* () {
      yield row(['Integration user', 'Row', 'Logins', 'Login time or first (UTC)', 'Last (UTC)', 'Login type', 'Application', 'Source IP', 'Status', 'Login history Id'], 'header');
      const perUser = pack.users.map((u) => {
        const logins = (pack.prepared.index.loginRowsByUser.get(u.id) ?? [])
          .filter((l) => inWindow(pack, l.LoginTime))
          .sort((a, b) => (timeOf(b.LoginTime) ?? 0) - (timeOf(a.LoginTime) ?? 0) || cmp(a.Id, b.Id));
        return { u, logins };
      });
      for (const { u, logins } of perUser) {
        const first = logins.length ? isoUtc(logins[logins.length - 1].LoginTime) : '';
        const last = logins.length ? isoUtc(logins[0].LoginTime) : '';
        yield row([
          u.username,
          'summary',
          logins.length,
          first,
          last,
          distinct(logins.map((l) => l.LoginType)),
          distinct(logins.map((l) => l.Application)),
          distinct(logins.map((l) => l.SourceIp)),
          distinct(logins.map((l) => l.Status)),
          '',
        ]);
      }
      for (const { u, logins } of perUser) {
        for (const l of logins) yield row([u.username, 'login', null, isoUtc(l.LoginTime), '', text(l.LoginType), text(l.Application), text(l.SourceIp), text(l.Status), l.Id]);
      }
    },
  };
}

export function changesSheet(pack: PackData): SheetSpec {
  return {
    name: 'Changes',
    widths: [26, 30, 36, 24, 20, 80, 30, 24, 20],
    headerRow: true,
    rows: function* () {
      yield row(
        ['Date (UTC)', 'Integration users', 'Why it is listed', 'Action (Salesforce code)', 'Section', 'What changed', 'Changed by', 'Delegate user', 'Audit trail entry Id'],
        'header',
      );
      // Each user's entries are the ones IU-13 cites for it (shared/audit/setup-changes.ts).
      const { index, settings } = pack.prepared;
      const byEntry = new Map<SfRecord, { who: string[]; why: Set<string> }>();
      for (const u of pack.users) {
        const user = index.userById.get(u.id);
        if (!user) continue;
        const window = changeWindow(pack.meta.finishedAt, lookbackDaysOf(settings, u.systems));
        for (const { entry, matchedOn } of setupChangesTouching(index, user, window)) {
          const seen = byEntry.get(entry) ?? { who: [], why: new Set<string>() };
          seen.who.push(u.username);
          for (const m of matchedOn) seen.why.add(m === 'made by this user' ? `made by ${u.username}` : m);
          byEntry.set(entry, seen);
        }
      }
      const entries = [...byEntry.keys()].sort((a, b) => (timeOf(b.CreatedDate) ?? 0) - (timeOf(a.CreatedDate) ?? 0) || cmp(a.Id, b.Id));
      for (const e of entries) {
        const { who, why } = byEntry.get(e)!;
        yield row([isoUtc(e.CreatedDate), who.join(', '), [...why].join('; '), text(e.Action), text(e.Section), text(e.Display), changedBy(pack, e), text(e.DelegateUser), e.Id]);
      }
    },
  };
}

function changedBy(pack: PackData, e: SfRecord): string {
  const id = text(e.CreatedById);
  return personText(id, pack.prepared.index.userById.get(id));
}

const KIND_WORDS: Record<PermissionChange['kind'], string> = { object: 'object', field: 'field', system: 'system permission', setupEntity: 'setup entity access' };

export function driftSheet(pack: PackData): SheetSpec {
  const users = new Set(pack.users.map((u) => u.username.toLowerCase()));
  const systems = new Set(pack.systems.map((s) => s.name));
  return {
    name: 'Drift',
    widths: [22, 30, 14, 34, 26, 12, 12, 70],
    headerRow: true,
    statusColumns: [6, 7],
    rows: function* () {
      yield row(['Change', 'User', 'Kind', 'Target', 'Permission or check', 'From', 'To', 'Granted by or system'], 'header');
      if (!pack.since) {
        yield row(['No comparison was requested: export with --since <snapshot id> to list what changed since an earlier snapshot.'], 'note');
        return;
      }
      const d = pack.since.drift;
      yield row([`Compared snapshot ${d.from.snapshotId} (${isoUtc(d.from.asOf)}) with ${d.to.snapshotId} (${isoUtc(d.to.asOf)}); times ISO 8601 in UTC`], 'note');
      const rows: Cell[][] = [];
      for (const u of d.usersAdded) rows.push(['user added', u.username, 'user', u.id, '', '', u.classification, '']);
      for (const u of d.usersRemoved) rows.push(['user removed', u.username, 'user', u.id, '', u.classification, '', '']);
      for (const c of d.classificationChanges) rows.push(['classification changed', c.username, 'user', c.id, '', c.from, c.to, '']);
      const change = (what: string, username: string, p: PermissionChange): Cell[] => [
        what,
        username,
        KIND_WORDS[p.kind],
        p.kind === 'object' ? labelled(p.target, pack.objectLabels.get(p.target)) : p.target,
        permissionLabel(p.permission),
        '',
        '',
        [...new Set(p.sources.map(sourceText))].join('; '),
      ];
      for (const p of d.permissions) {
        if (pack.selected && !users.has(p.username.toLowerCase())) continue;
        for (const g of p.gained) rows.push(change('permission gained', p.username, g));
        for (const l of p.lost) rows.push(change('permission lost', p.username, l));
      }
      for (const c of d.checkChanges) {
        if (pack.selected && c.systemName !== null && !systems.has(c.systemName)) continue;
        rows.push(['check status changed', c.username ?? '', 'check', c.id, c.id, c.from ?? '(none)', c.to ?? '(none)', c.systemName ?? ORG_WIDE]);
      }
      if (rows.length === 0) yield row(['No changes for integration users between the two snapshots.'], 'note');
      for (const r of rows) yield row(r);
    },
  };
}

export function coverageSheet(pack: PackData): SheetSpec {
  return {
    name: 'Coverage',
    widths: [30, 12, 14, 10, 8, 9, 90, 26, 60],
    headerRow: true,
    alertColumns: [8],
    rows: function* () {
      yield row(['Object', 'Rows stored', 'Rows Salesforce counted', 'Complete', 'API used', 'API calls', 'Query (SOQL)', 'Gap error code', 'Gap message'], 'header');
      const gaps = new Map(pack.meta.gaps.map((g) => [g.object, g]));
      const seen = new Set<string>();
      for (const o of pack.meta.objects) {
        seen.add(o.object);
        const g = gaps.get(o.object);
        yield row([o.object, o.count, o.totalSize, o.count === o.totalSize && !g ? 'yes' : 'no', o.api, o.apiCalls, o.soql, g?.errorCode ?? '', g?.message ?? '']);
      }
      for (const g of pack.meta.gaps) if (!seen.has(g.object)) yield row([g.object, null, null, 'no', '', null, '', g.errorCode, g.message]);
    },
  };
}

/** Review Log: the org's append-only activity log (decisions, notes, scope edits, sign-offs, carry-forwards, exports). */
export function reviewLogSheet(pack: PackData): SheetSpec {
  return {
    name: 'Review Log',
    widths: [24, 24, 14, 22, 30, 100],
    headerRow: true,
    rows: function* () {
      yield row(['When (UTC)', 'Who', 'What', 'System', 'Snapshot', 'Details'], 'header');
      for (const a of pack.activity) yield row([isoUtc(a.at), a.actor, a.action, a.system || ORG_LEVEL, a.snapshotId ?? '', datesInText(a.detail)]);
    },
  };
}

const ORG_LEVEL = '(org)';
