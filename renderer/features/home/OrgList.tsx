import { Link } from 'react-router';
import type { OrgSummary } from '../../../shared/contract';
import { useCall } from '../../api/context';
import { QueryState } from '../../components/QueryState';
import { timeAgo } from '../../lib/format';
import { reviewProgress, openFindings } from './orgStats';

export function OrgList() {
  const orgs = useCall('orgs.list', {});
  return (
    <section className="slds-card" aria-labelledby="orgs-heading">
      <div className="slds-card__header">
        <h2 id="orgs-heading" className="slds-card__header-title slds-text-heading_small">
          Your orgs
        </h2>
      </div>
      <div className="slds-card__body slds-card__body_inner">
        <QueryState query={orgs} label="orgs">
          {(data) =>
            data.orgs.length === 0 ? (
              <p className="slds-p-vertical_medium" data-testid="no-orgs">
                No orgs yet. <strong>Try the demo org</strong> to see a finished review in a minute, or <strong>Add org</strong> to connect your own.
              </p>
            ) : (
              <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Orgs">
                <thead>
                  <tr className="slds-line-height_reset">
                    <th scope="col">Org</th>
                    <th scope="col">Connection</th>
                    <th scope="col">Last snapshot</th>
                    <th scope="col">Open findings</th>
                    <th scope="col">Review progress</th>
                  </tr>
                </thead>
                <tbody>
                  {data.orgs.map((o) => (
                    <OrgRow key={o.alias} org={o} />
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </div>
    </section>
  );
}

function OrgRow({ org }: { org: OrgSummary }) {
  const snapshots = useCall('snapshots.list', { alias: org.alias }, { enabled: !!org.currentSnapshotId });
  const view = useCall('audit.evaluate', { orgAlias: org.alias }, { enabled: !!org.currentSnapshotId });
  const current = snapshots.data?.snapshots.find((s) => s.current) ?? snapshots.data?.snapshots[0];
  const base = `/orgs/${encodeURIComponent(org.alias)}`;
  const progress = view.data ? reviewProgress(view.data) : null;
  return (
    <tr>
      <th scope="row">
        <Link to={base}>{org.orgName ?? org.alias}</Link>
        <div className="slds-text-body_small slds-text-color_weak">{org.alias}</div>
      </th>
      <td>
        {org.status === 'ok' && <span className="slds-badge slds-theme_success">Connected</span>}
        {org.status === 'reauth_needed' && (
          <span className="slds-badge slds-theme_warning" title={org.statusMessage ?? undefined}>
            Sign in again
          </span>
        )}
        {org.status === 'offline' && <span className="slds-badge">Offline</span>}
      </td>
      <td>{!org.currentSnapshotId ? <Link to={`${base}/collect`}>Collect now</Link> : current ? timeAgo(current.finishedAt) : '…'}</td>
      <td>{view.data ? openFindings(view.data.evaluation) : org.currentSnapshotId ? (view.isError ? '—' : '…') : '—'}</td>
      <td>{progress ? `${progress.signedOff} of ${progress.total} systems signed off` : '—'}</td>
    </tr>
  );
}
