import type { SystemResult } from '../../../shared/audit/types';
import { severityLabel, statusLabel } from '../../components/Badges';
import { decisionLine } from './ResultCard';
import { evidenceSummary } from './report';
import type { Step } from './steps';

/**
 * The per-system report a printed checklist shows instead of the one open step: every check
 * with each result, its decision and a summary of its evidence. Hidden on screen
 * (`.iua-print-only`, app.css), so the screen stays one step at a time.
 */
export function PrintReport({ system, steps }: { system: SystemResult; steps: Step[] }) {
  return (
    <section className="iua-print-only" aria-label={`Report for ${system.name}`} data-testid="print-report">
      <h2 className="slds-text-heading_medium slds-m-bottom_small">Checks of {system.name}</h2>
      {steps.map((s) => (
        <section key={s.def.id} className="iua-print-check slds-m-bottom_medium" data-testid="print-check" data-check={s.def.id}>
          <h3 className="slds-text-heading_small">
            {s.def.id} {s.def.title} · {statusLabel(s.status)}
            {s.def.severity ? ` · ${severityLabel(s.def.severity)} severity` : ''}
          </h3>
          <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-top_x-small iua-print-table" aria-label={`Results of ${s.def.id}`}>
            {/* The same columns in every check, so the report reads as one table. */}
            <colgroup>
              <col style={{ width: '20%' }} />
              <col style={{ width: '35%' }} />
              <col style={{ width: '22%' }} />
              <col style={{ width: '23%' }} />
            </colgroup>
            <thead>
              <tr className="slds-line-height_reset">
                <th scope="col">User</th>
                <th scope="col">Result</th>
                <th scope="col">Decision</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {s.results.map((r, i) => (
                <tr key={`${r.userId ?? 'org'}-${i}`}>
                  <th scope="row" className="iua-cell-wrap">
                    {r.username ?? 'System-wide'}
                  </th>
                  <td className="iua-cell-wrap">
                    <strong>{statusLabel(r.status)}</strong>: {r.summary}
                  </td>
                  <td className="iua-cell-wrap">
                    {r.override ? `${decisionLine(r)}: ${r.override.justification}` : r.status === 'pass' || r.status === 'n/a' ? '—' : 'no decision yet'}
                  </td>
                  <td className="iua-cell-wrap">{evidenceSummary(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
