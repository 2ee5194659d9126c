import { useEffect, useMemo, useState } from 'react';
import type { DriftView } from '../../../shared/contract';
import { useCall } from '../../api/context';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { snapshotLabel } from '../../lib/format';
import { useOrgAlias } from '../org/useOrg';

export function DriftPage() {
  const alias = useOrgAlias();
  const snapshots = useCall('snapshots.list', { alias });
  const list = useMemo(() => snapshots.data?.snapshots ?? [], [snapshots.data]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    if (list.length >= 2 && !from && !to) {
      setTo(list[0].id);
      setFrom(list[1].id);
    }
  }, [list, from, to]);
  const ready = !!from && !!to && from !== to;
  const diff = useCall('audit.diff', { orgAlias: alias, from, to }, { enabled: ready });
  const select = (id: string, label: string, value: string, onChange: (v: string) => void) => (
    <div className="slds-form-element slds-col">
      <label className="slds-form-element__label" htmlFor={id}>
        {label}
      </label>
      <div className="slds-select_container">
        <select id={id} className="slds-select" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a snapshot…</option>
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {snapshotLabel(s)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
  return (
    <>
      <PageHeader title="Drift" meta="What changed for integration users between two snapshots." />
      <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Snapshots to compare">
        {list.length < 2 ? (
          <p>Drift needs two snapshots of this org; there {list.length === 1 ? 'is one' : 'are none'}. Collect again later to compare.</p>
        ) : (
          <div className="slds-grid slds-gutters">
            {select('drift-from', 'From (older)', from, setFrom)}
            {select('drift-to', 'To (newer)', to, setTo)}
          </div>
        )}
        {from && from === to && <Alert variant="warning">Choose two different snapshots.</Alert>}
      </section>
      {ready && (
        <QueryState query={diff} label="the differences">
          {(d) => <DriftResult diff={d} />}
        </QueryState>
      )}
    </>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  return (
    <section className="slds-card slds-p-around_medium slds-m-bottom_small" aria-label={title}>
      <h2 className="slds-text-heading_small slds-m-bottom_x-small">
        {title} ({count})
      </h2>
      {count === 0 ? <p className="slds-text-color_weak">None.</p> : children}
    </section>
  );
}

function DriftResult({ diff }: { diff: DriftView }) {
  return (
    <div data-testid="drift-result">
      <Section title="Integration users added" count={diff.usersAdded.length}>
        <ul className="slds-list_dotted">
          {diff.usersAdded.map((u) => (
            <li key={u.id}>
              {u.username} ({u.classification})
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Integration users removed" count={diff.usersRemoved.length}>
        <ul className="slds-list_dotted">
          {diff.usersRemoved.map((u) => (
            <li key={u.id}>
              {u.username} ({u.classification})
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Classification changes" count={diff.classificationChanges.length}>
        <ul className="slds-list_dotted">
          {diff.classificationChanges.map((c) => (
            <li key={c.id}>
              {c.username}: {c.from} → {c.to}
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Permission changes" count={permissionRows(diff).length}>
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Permission changes">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">User</th>
              <th scope="col">Change</th>
              <th scope="col">Permission</th>
              <th scope="col">Granted by</th>
            </tr>
          </thead>
          <tbody>
            {permissionRows(diff).map((p, i) => (
              <tr key={i}>
                <td>{p.username}</td>
                <td className={p.change === 'gained' ? 'slds-text-color_error' : 'slds-text-color_success'}>{p.change}</td>
                <td>
                  {p.permission === p.target ? p.permission : `${p.permission} on ${p.target}`} <span className="slds-text-color_weak">({p.kind})</span>
                </td>
                <td className="slds-cell-wrap">{p.sources.map((s) => s.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Check results that changed" count={diff.checkChanges.length}>
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Check changes">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">System</th>
              <th scope="col">Check</th>
              <th scope="col">User</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
            </tr>
          </thead>
          <tbody>
            {diff.checkChanges.map((c, i) => (
              <tr key={i}>
                <td>{c.systemName ?? 'Org-wide'}</td>
                <td>{c.id}</td>
                <td>{c.username ?? 'org'}</td>
                <td>{c.from ?? '—'}</td>
                <td>{c.to ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

/** Gained and lost permissions of every user, flattened for one table. */
export function permissionRows(diff: DriftView) {
  return diff.permissions.flatMap((u) => [
    ...u.gained.map((p) => ({ ...p, username: u.username, change: 'gained' as const })),
    ...u.lost.map((p) => ({ ...p, username: u.username, change: 'lost' as const })),
  ]);
}
