import { useMemo } from 'react';
import { groupByRootCause, PLAN_COLUMNS, planRow, remediationPlan } from '../../../shared/audit/remediation';
import type { SystemResult } from '../../../shared/audit/types';
import { csvText } from '../../../shared/csv';
import { Icon } from '../../components/Icon';
import { downloadText } from '../../lib/download';
import { fileNamePart } from '../../lib/format';

/** How many entries of a long list show before the rest folds into "N more". */
const SHOWN = 4;

/**
 * Findings grouped by root cause (shared/audit/remediation): one row per permission set, group
 * or profile, with the grants to remove from it and every result those changes close, and the
 * owner, due date and status from the remediation decisions. The CSV download is the plan one
 * change per line (the same columns as the pack's Remediation Plan sheet).
 */
export function RootCauses({ systems, fileBase }: { systems: readonly SystemResult[]; fileBase: string }) {
  const plan = useMemo(() => remediationPlan(systems), [systems]);
  const causes = useMemo(() => groupByRootCause(plan), [plan]);
  const download = () => downloadText(`${fileNamePart(fileBase)}-remediation-plan.csv`, csvText([[...PLAN_COLUMNS], ...plan.map(planRow)]), 'text/csv');
  return (
    <section className="slds-card slds-p-around_medium slds-m-vertical_medium" aria-labelledby="root-causes-heading" data-testid="root-causes">
      <div className="slds-grid slds-grid_align-spread slds-grid_vertical-align-center slds-m-bottom_small">
        <h2 id="root-causes-heading" className="slds-text-heading_small">
          Fixes by root cause ({causes.length})
        </h2>
        {plan.length > 0 && (
          <button type="button" className="slds-button slds-button_neutral iua-no-print" onClick={download}>
            <Icon name="download" className="slds-button__icon slds-button__icon_left" />
            Download remediation plan (CSV)
          </button>
        )}
      </div>
      {causes.length === 0 ? (
        <p>No failing or warning result names a grant to remove.</p>
      ) : (
        <>
          <p className="slds-m-bottom_small slds-text-body_small">
            One row per permission set, group or profile that grants access beyond the declared scope: the changes to make there and every result they close. Owner, due date and
            status come from the remediation decisions on those results in the checklists.
          </p>
          <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Fixes by root cause">
            <thead>
              <tr className="slds-line-height_reset">
                <th scope="col">Root cause</th>
                <th scope="col">Changes</th>
                <th scope="col">Results they close</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {causes.map((c) => (
                <tr key={c.rootCause} data-testid="root-cause">
                  <th scope="row" className="iua-cell-wrap" style={{ verticalAlign: 'top' }}>
                    {c.rootCause}
                  </th>
                  <td className="iua-cell-wrap" style={{ verticalAlign: 'top' }}>
                    <Folded items={c.grants.map((g) => g.change)} more="changes" />
                  </td>
                  <td className="iua-cell-wrap" style={{ verticalAlign: 'top' }}>
                    <Folded items={c.closes} more="results" />
                  </td>
                  <td className="iua-cell-wrap" style={{ verticalAlign: 'top' }}>
                    {c.owner || '—'}
                  </td>
                  <td style={{ verticalAlign: 'top' }}>{c.dueDate || '—'}</td>
                  <td className="iua-cell-wrap" style={{ verticalAlign: 'top' }}>
                    {c.status}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** A list that shows its first few entries and folds the rest into a disclosure (printed unfolded). */
function Folded({ items, more }: { items: string[]; more: string }) {
  return (
    <>
      <ul>
        {items.slice(0, SHOWN).map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
      {items.length > SHOWN && (
        <details>
          <summary className="slds-text-link">
            {items.length - SHOWN} more {more}
          </summary>
          <ul>
            {items.slice(SHOWN).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
