import { useNavigate, useLocation } from 'react-router';
import type { OrgSummary } from '../../../shared/contract';
import { useCall } from '../../api/context';
import { timeAgo, formatDateTime, shortId, snapshotLabel } from '../../lib/format';
import { useSnapshotChoice } from './useOrg';

/** Which org and which snapshot (and how old) the screen below is based on. */
export function ContextBar({ org }: { org: OrgSummary }) {
  const snapshots = useCall('snapshots.list', { alias: org.alias });
  const chosen = useSnapshotChoice();
  const navigate = useNavigate();
  const location = useLocation();
  const list = snapshots.data?.snapshots ?? [];
  const activeId = chosen ?? org.currentSnapshotId;
  const active = list.find((s) => s.id === activeId) ?? null;
  function choose(id: string) {
    const params = new URLSearchParams(location.search);
    if (id === org.currentSnapshotId) params.delete('snapshot');
    else params.set('snapshot', id);
    const q = params.toString();
    void navigate(`${location.pathname}${q ? `?${q}` : ''}`);
  }
  return (
    <div className="iua-contextbar" role="region" aria-label="Org and snapshot" data-testid="context-bar">
      <div>
        <span className="slds-text-title">Org </span>
        <strong>{org.orgName ?? org.alias}</strong> <span className="slds-text-color_weak">({org.alias})</span>
      </div>
      {activeId ? (
        <div data-testid="context-snapshot">
          <span className="slds-text-title">Snapshot </span>
          <span className="iua-mono" title={activeId}>
            {shortId(activeId, 14)}
          </span>
          {active && (
            <span className="slds-m-left_x-small">
              collected <strong>{timeAgo(active.finishedAt)}</strong> ({formatDateTime(active.finishedAt)}){active.current ? ' · current' : ' · older snapshot'}
              {active.gapCount > 0 && <span className="slds-text-color_error"> · {active.gapCount} object(s) not readable</span>}
            </span>
          )}
        </div>
      ) : (
        <div className="slds-text-color_weak">No snapshot yet: collect the org first.</div>
      )}
      {list.length > 1 && (
        <div className="slds-form-element slds-form-element_horizontal" style={{ marginBottom: 0 }}>
          <label className="slds-form-element__label" htmlFor="ctx-snapshot">
            Based on
          </label>
          <div className="slds-form-element__control">
            <div className="slds-select_container">
              <select id="ctx-snapshot" className="slds-select" value={activeId ?? ''} onChange={(e) => choose(e.target.value)}>
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {snapshotLabel(s)}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
