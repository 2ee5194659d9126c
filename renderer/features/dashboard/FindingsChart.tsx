import { useMemo, useState } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/audit/catalog';
import type { Status } from '../../../shared/audit/types';
import { SeverityBadge, severityLabel, statusLabel } from '../../components/Badges';
import { Chart } from '../../components/Chart';
import { checkLabel, openFindingsBySeverity, type FindingRow } from './summary';

const SHOWN: Status[] = ['fail', 'warn', 'error', 'manual', 'pass', 'n/a'];
// SLDS error / warning / brand tones: they stay apart for the common colour-vision deficiencies
// and the legend and table say the same in words.
const SEVERITY_COLORS: Record<Severity, string> = { high: '#ba0517', medium: '#dd7a01', low: '#0176d3' };

/**
 * Open findings (failures and warnings) per check, each bar coloured by the check's severity,
 * with the full counts by status in a table.
 */
export function FindingsChart({ findings }: { findings: FindingRow[] }) {
  const [asTable, setAsTable] = useState(false);
  // Horizontal bars so every label can be the check's name (its id alone says nothing to a reader).
  const option = useMemo(
    () => ({
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 10, right: 30, top: 40, bottom: 30, containLabel: true },
      yAxis: { type: 'category', data: findings.map((f) => checkLabel(f)), inverse: true, axisLabel: { interval: 0 } },
      xAxis: { type: 'value', minInterval: 1, name: 'Open findings', nameLocation: 'middle', nameGap: 24 },
      // One series per severity, stacked: a check has one severity, so each bar takes one colour.
      series: SEVERITIES.map((sev) => ({
        type: 'bar',
        stack: 'all',
        name: `${severityLabel(sev)} severity`,
        data: findings.map((f) => (f.severity === sev ? f.open : 0)),
        itemStyle: { color: SEVERITY_COLORS[sev] },
      })),
    }),
    [findings],
  );
  const bySeverity = openFindingsBySeverity(findings);
  const failing = findings.filter((f) => f.open > 0);
  const description = `Bar chart of open findings (failures and warnings) per check, coloured by severity. ${SEVERITIES.map((s) => `${severityLabel(s)}: ${bySeverity[s]}`).join(', ')}. ${failing.map((f) => `${f.checkId} ${f.title} (${f.severity ?? 'unknown'} severity): ${f.fail} fail, ${f.warn} warning`).join('; ') || 'No open findings'}.`;
  return (
    <section className="slds-card slds-p-around_medium" aria-labelledby="findings-heading">
      <div className="slds-grid slds-grid_align-spread slds-m-bottom_small">
        <h2 id="findings-heading" className="slds-text-heading_small">
          Findings by check and severity
        </h2>
        <button type="button" className="slds-button slds-button_neutral" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </div>
      <p className="slds-m-bottom_x-small" data-testid="findings-by-severity">
        Open findings by severity:{' '}
        {SEVERITIES.map((s, i) => (
          <span key={s}>
            {i > 0 && ' · '}
            <strong>{bySeverity[s]}</strong> {severityLabel(s).toLowerCase()}
          </span>
        ))}
      </p>
      {!asTable && <Chart option={option} height={Math.max(200, 60 + findings.length * 24)} renderer="svg" testId="findings-chart" description={description} />}
      {asTable && (
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Findings by check">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">Check</th>
              <th scope="col">Severity</th>
              <th scope="col">Open findings</th>
              {SHOWN.map((s) => (
                <th scope="col" key={s}>
                  {statusLabel(s)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.checkId}>
                <th scope="row">
                  {f.checkId} {f.title}
                </th>
                <td>{f.severity ? <SeverityBadge severity={f.severity} /> : '—'}</td>
                <td>{f.open}</td>
                {SHOWN.map((s) => (
                  <td key={s}>{f[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
