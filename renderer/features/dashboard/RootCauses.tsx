import { useMemo } from 'react';
import { PLAN_COLUMNS, planRow, remediationPlan } from '../../../shared/audit/remediation';
import type { SystemResult } from '../../../shared/audit/types';
import { csvText } from '../../../shared/csv';
import { Icon } from '../../components/Icon';
import { downloadText } from '../../lib/download';
import { fileNamePart } from '../../lib/format';

/**
 * Findings grouped by root cause (shared/audit/remediation): one row per grant to remove from a
 * permission set, group or profile, with every result that change closes, and the owner, due
 * date and status from the remediation decisions. Downloadable as CSV (the same columns as the
 * pack's Remediation Plan sheet).
 */
export function RootCauses({ systems, fileBase }: { systems: readonly SystemResult[]; fileBase: string }) {
  const plan = useMemo(() => remediationPlan(systems), [systems]);
  const download = () => downloadText(`${fileNamePart(fileBase)}-remediation-plan.csv`, csvText([[...PLAN_COLUMNS], ...plan.map(planRow)]), 'text/csv');
  return (
    <section className="slds-card slds-p-around_medium slds-m-vertical_medium" aria-labelledby="root-causes-heading" data-testid="root-causes">
      <div className="slds-grid slds-grid_align-spread slds-grid_vertical-align-center slds-m-bottom_small">
        <h2 id="root-causes-heading" className="slds-text-heading_small">
          Fixes by root cause ({plan.length})
        </h2>
        {plan.length > 0 && (
          <button type="button" className="slds-button slds-button_neutral iua-no-print" onClick={download}>
            <Icon name="download" className="slds-button__icon slds-button__icon_left" />
            Download remediation plan (CSV)
          </button>
        )}
      </div>
      {plan.length === 0 ? (
        <p>No failing or warning result names a grant to remove.</p>
      ) : (
        <>
          <p className="slds-m-bottom_small slds-text-body_small">
            Each row is one change to one permission set, group or profile, with every result it closes. Owner, due date and status come from the remediation decisions on those
            results in the checklists.
          </p>
          <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Fixes by root cause">
            <thead>
              <tr className="slds-line-height_reset">
                <th scope="col">Root cause</th>
                <th scope="col">Change</th>
                <th scope="col">Results it closes</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {plan.map((p) => (
                <tr key={`${p.rootCause}\u0000${p.grant}`} data-testid="root-cause">
                  <th scope="row" className="iua-cell-wrap">
                    {p.rootCause}
                  </th>
                  <td className="iua-cell-wrap">{p.change}</td>
                  <td className="iua-cell-wrap">
                    <ul>
                      {p.closes.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  </td>
                  <td className="iua-cell-wrap">{p.owner || '—'}</td>
                  <td>{p.dueDate || '—'}</td>
                  <td className="iua-cell-wrap">{p.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
