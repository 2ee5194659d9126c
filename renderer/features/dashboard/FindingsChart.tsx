import { useMemo, useState } from 'react';
import type { Status } from '../../../shared/audit/types';
import { statusLabel } from '../../components/Badges';
import { Chart } from '../../components/Chart';
import type { FindingRow } from './summary';

const SHOWN: Status[] = ['fail', 'warn', 'error', 'manual', 'pass', 'n/a'];
const COLORS: Record<Status, string> = { fail: '#ba0517', warn: '#dd7a01', error: '#5c5c5c', manual: '#0176d3', pass: '#2e844a', 'n/a': '#c9c9c9' };

/** Findings by check and status: a stacked bar chart, with the same numbers as a table. */
export function FindingsChart({ findings }: { findings: FindingRow[] }) {
  const [asTable, setAsTable] = useState(false);
  const option = useMemo(
    () => ({
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: findings.map((f) => f.checkId) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SHOWN.map((s) => ({ type: 'bar', stack: 'all', name: statusLabel(s), data: findings.map((f) => f[s]), itemStyle: { color: COLORS[s] } })),
    }),
    [findings],
  );
  const failing = findings.filter((f) => f.fail + f.warn > 0);
  return (
    <section className="slds-card slds-p-around_medium" aria-labelledby="findings-heading">
      <div className="slds-grid slds-grid_align-spread slds-m-bottom_small">
        <h2 id="findings-heading" className="slds-text-heading_small">
          Findings by check and status
        </h2>
        <button type="button" className="slds-button slds-button_neutral" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </div>
      {!asTable && <Chart option={option} height={280} testId="findings-chart" description={`Stacked bar chart of check results by status. Checks with failures or warnings: ${failing.map((f) => `${f.checkId} ${f.title}: ${f.fail} fail, ${f.warn} warning`).join('; ') || 'none'}.`} />}
      {asTable && (
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Findings by check">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">Check</th>
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
