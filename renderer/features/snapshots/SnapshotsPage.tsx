import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { createColumnHelper } from '@tanstack/react-table';
import type { SnapshotSummary } from '../../../shared/contract';
import { useCall } from '../../api/context';
import { DataTable, type Columns } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, timeAgo } from '../../lib/format';
import { GapList } from '../collect/GapList';
import { useOrgAlias } from '../org/useOrg';
import { DeleteDialog } from './DeleteDialog';
import { ExportDialog } from './ExportDialog';
import { ImportPanel } from './ImportPanel';

const col = createColumnHelper<SnapshotSummary>();

export function SnapshotsPage() {
  const alias = useOrgAlias();
  const list = useCall('snapshots.list', { alias });
  const [openId, setOpenId] = useState<string | null>(null);
  const [action, setAction] = useState<{ kind: 'export' | 'delete'; snapshot: SnapshotSummary } | null>(null);
  const base = `/orgs/${encodeURIComponent(alias)}`;
  const columns = useMemo<Columns<SnapshotSummary>>(
    () => [
      col.accessor('finishedAt', { header: 'Collected', size: 200, cell: (c) => `${formatDateTime(c.getValue())} (${timeAgo(c.getValue())})` }),
      col.accessor('id', {
        header: 'Snapshot',
        size: 120,
        cell: (c) => (
          <button type="button" className="slds-button iua-mono" onClick={() => setOpenId(c.getValue())} title={c.getValue()}>
            <span className="slds-assistive-text">Details of snapshot </span>
            {c.getValue().slice(0, 14)}
          </button>
        ),
      }),
      col.accessor('recordCount', { header: 'Records', size: 80 }),
      col.accessor('apiCalls', { header: 'API calls', size: 80 }),
      col.accessor('gapCount', { header: 'Unreadable', size: 100 }),
      col.accessor('permissionScope', { header: 'Permissions', size: 100 }),
      col.accessor('contentHash', {
        header: 'Content hash',
        size: 130,
        cell: (c) => (
          <span className="iua-mono" title={c.getValue()}>
            {c.getValue().slice(0, 10)}…
          </span>
        ),
      }),
      col.accessor('current', {
        header: 'Current',
        size: 110,
        cell: (c) => (c.getValue() ? 'current' : <Link to={`${base}?snapshot=${encodeURIComponent(c.row.original.id)}`}>View as of this</Link>),
      }),
      col.display({
        id: 'actions',
        header: 'File',
        // Export and Delete side by side, uncut: the columns together fit a 1440-px window (e2e screens.spec.ts).
        size: 180,
        enableSorting: false,
        cell: (c) => (
          <span>
            <button type="button" className="slds-button slds-button_neutral slds-button_small" onClick={() => setAction({ kind: 'export', snapshot: c.row.original })}>
              Export<span className="slds-assistive-text"> snapshot {c.row.original.id} to a file</span>
            </button>
            <button type="button" className="slds-button slds-button_text-destructive slds-m-left_x-small" onClick={() => setAction({ kind: 'delete', snapshot: c.row.original })}>
              Delete<span className="slds-assistive-text"> snapshot {c.row.original.id}</span>
            </button>
          </span>
        ),
      }),
    ],
    [base],
  );
  return (
    <>
      <PageHeader title="Snapshots" meta="Every collection is kept, unchanged, with its content hash: the basis of drift and of evidence." />
      <QueryState query={list} label="snapshots">
        {(data) => <DataTable label="Snapshots" data={data.snapshots} columns={columns} getRowId={(s) => s.id} height={320} initialSorting={[{ id: 'finishedAt', desc: true }]} />}
      </QueryState>
      {openId && <SnapshotDetail id={openId} />}
      <ImportPanel />
      {action?.kind === 'export' && <ExportDialog alias={alias} snapshot={action.snapshot} onClose={() => setAction(null)} />}
      {action?.kind === 'delete' && <DeleteDialog alias={alias} snapshot={action.snapshot} onClose={() => setAction(null)} />}
    </>
  );
}

function SnapshotDetail({ id }: { id: string }) {
  const meta = useCall('snapshots.get', { id });
  return (
    <section className="slds-card slds-p-around_medium slds-m-top_medium" aria-label="Snapshot details">
      <QueryState query={meta} label="the snapshot">
        {(m) => (
          <>
            <h2 className="slds-text-heading_small slds-m-bottom_small">
              Snapshot <span className="iua-mono">{m.id}</span>
            </h2>
            <p className="slds-m-bottom_small">
              {m.orgName} ({m.orgId}) · collected by {m.auditingUsername} with API {m.apiVersion} · app {m.appVersion} · look back {m.lookbackDays} days
            </p>
            <GapList gaps={m.gaps} />
            <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-top_small" aria-label="Objects in the snapshot">
              <thead>
                <tr className="slds-line-height_reset">
                  <th scope="col">Object</th>
                  <th scope="col">Rows</th>
                  <th scope="col">API</th>
                  <th scope="col">API calls</th>
                </tr>
              </thead>
              <tbody>
                {m.objects.map((o) => (
                  <tr key={o.object}>
                    <th scope="row">{o.object}</th>
                    <td>{o.count}</td>
                    <td>{o.api}</td>
                    <td>{o.apiCalls}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </QueryState>
    </section>
  );
}
