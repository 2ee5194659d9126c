/**
 * The Usage sheet (issue #18, docs/usage.md): per system, integration user and object, what is
 * granted (with its sources), declared and used (created / last modified records in the window,
 * API reads and writes from the event log history), then the usage checks US-01..US-03 with
 * their status. The coverage line says how much of the window the evidence covers, so a reader
 * never mistakes "not seen" for "not done".
 */
import { describeApiSources } from '../../../../shared/audit/usage';
import type { Access } from '../../../../shared/audit/scope';
import { accessWords, datesInText, isoUtc, labelled } from '../../../../shared/audit/evidence-words';
import { USAGE_CHECK_BY_ID } from '../../../../shared/audit/usage-catalog';
import type { PackData } from '../data';
import { row, type SheetSpec } from '../model';
import { sourceText } from './access';

const LEVELS: Access[] = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'];

export function usageSheet(pack: PackData): SheetSpec {
  const wanted = new Set(pack.systems.map((s) => s.name));
  const systems = (pack.usage?.report.systems ?? []).filter((s) => wanted.has(s.name));
  return {
    name: 'Usage',
    widths: [22, 32, 24, 22, 40, 22, 22, 10, 10, 10, 10, 24, 24, 16, 10],
    headerRow: true,
    statusColumns: [4],
    rows: function* () {
      yield row(
        [
          'System',
          'Integration user',
          'Object',
          'Granted',
          'Granted by',
          'Declared',
          'Used',
          'Created',
          'Last modified',
          'API reads',
          'API writes',
          'First seen (UTC)',
          'Last seen (UTC)',
          'Evidence',
          'Writes counted',
        ],
        'header',
      );
      for (const s of systems) {
        for (const u of s.users) {
          // One user's rows at a time, built here: the pack never holds every user's at once.
          for (const r of u.rows()) {
            const granted = LEVELS.filter((l) => r.granted[l]);
            const sources = [...new Set(granted.flatMap((l) => (r.granted[l] ?? []).map(sourceText)))].join('; ');
            yield row([
              s.name,
              u.username,
              labelled(r.sobject, pack.objectLabels.get(r.sobject)),
              accessWords(granted),
              sources,
              accessWords(r.declared),
              accessWords(r.used),
              r.created,
              r.modified,
              r.apiReads,
              r.apiWrites,
              isoUtc(r.firstSeen),
              isoUtc(r.lastSeen),
              r.evidence.join(', '),
              r.writesCounted ? 'yes' : r.writesPartial ? 'partial: the auditing user may not see every record' : 'no',
            ]);
          }
        }
      }
      yield row([]);
      const rep = pack.usage?.report;
      yield row(
        [
          rep
            ? datesInText(
                `Usage window ${rep.windowStart} to ${rep.windowEnd}; API event history holds ${rep.apiDaysCovered} of ${rep.windowDays} days (${describeApiSources(rep.apiSources ?? [])}); ${pack.usage?.lastPull ? `last pull ${pack.usage.lastPull.finishedAt}` : 'no pull yet (iua usage pull)'}; times ISO 8601 in UTC`,
              )
            : 'No usage evidence.',
        ],
        'note',
      );
      // What the last pull could not see, and what the org does not offer (e.g. no Event Monitoring): never silent.
      for (const g of pack.usage?.lastPull?.gaps ?? []) yield row([`Not seen at the last pull: ${g.object} (${g.errorCode}): ${g.message}`], 'note');
      // A system signed off on an earlier window shows that window's rows (data.ts usageAsReviewed).
      for (const s of pack.systems) {
        const w = s.usageWindow;
        if (w && rep && (w.start !== rep.windowStart || w.end !== rep.windowEnd))
          yield row([`${s.name}: rows and results of the usage window ${isoUtc(w.start)} to ${isoUtc(w.end)}, on which it was signed off`], 'note');
      }
      for (const s of systems) {
        for (const u of s.users) {
          if (u.tokens.length)
            yield row(
              [
                `OAuth token use of ${u.username} (${s.name}): ${u.tokens.map((t) => `${t.app}, ${t.useCount ?? '?'} uses, last ${t.lastUsed ? isoUtc(t.lastUsed) : 'never'}`).join('; ')}`,
              ],
              'note',
            );
        }
      }
      yield row(['Reads appear only in API event logs; a later edit by someone else hides an earlier one; counts need View All Data to see every record (docs/usage.md).'], 'note');
      yield row([]);
      yield row(['System', 'Integration user', 'Check', 'Status', 'Summary'], 'section');
      // The results as reviewed (decisions applied; as signed for a signed-off system): the Checklist's rows.
      for (const s of pack.systems) for (const c of s.checks) if (USAGE_CHECK_BY_ID.has(c.id)) yield row([s.name, c.username ?? '', c.id, c.status, c.summary]);
    },
  };
}
