import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { createColumnHelper } from '@tanstack/react-table';
import type { AuditView } from '../../../shared/contract';
import { ClassificationBadge, classificationLabel } from '../../components/Badges';
import { DataTable, type Columns } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useEvaluation, useOrgPath } from '../org/useOrg';
import { integrationUserRows, type UserRow } from './rows';

const col = createColumnHelper<UserRow>();

export function UsersPage() {
  const view = useEvaluation();
  return (
    <>
      <PageHeader title="Integration users" meta="Every user classified as an integration, API-only, or a person’s account used as an integration." />
      <QueryState query={view} label="users">
        {(data) => <UsersTable view={data} />}
      </QueryState>
    </>
  );
}

function UsersTable({ view }: { view: AuditView }) {
  const path = useOrgPath();
  const [classification, setClassification] = useState('');
  const [system, setSystem] = useState('');
  const all = useMemo(() => integrationUserRows(view.evaluation), [view]);
  const rows = useMemo(
    () => all.filter((r) => (!classification || r.classification === classification) && (!system || (system === '-' ? r.systems.length === 0 : r.systems.includes(system)))),
    [all, classification, system],
  );
  const systems = useMemo(() => [...new Set(all.flatMap((r) => r.systems))].sort(), [all]);
  const columns = useMemo<Columns<UserRow>>(
    () => [
      col.accessor('username', { header: 'Username', size: 240, enableHiding: false, cell: (c) => <Link to={path(`users/${c.row.original.id}`)}>{c.getValue()}</Link> }),
      col.accessor('name', { header: 'Name', size: 140 }),
      col.accessor('classification', { header: 'Classification', size: 170, cell: (c) => <ClassificationBadge value={c.getValue()} /> }),
      col.accessor('license', { header: 'License', size: 150 }),
      col.accessor('profile', { header: 'Profile', size: 180 }),
      col.accessor('systems', {
        header: 'Systems',
        size: 110,
        sortingFn: (a, b) => a.original.systems.join().localeCompare(b.original.systems.join()),
        cell: (c) => c.getValue().join(', ') || <span className="slds-text-color_weak">none declared</span>,
      }),
      col.accessor('lastLogin', { header: 'Last login', size: 140, sortUndefined: 'last', cell: (c) => formatDateTime(c.getValue()) }),
      col.accessor('openFindings', {
        header: 'Open findings',
        size: 100,
        cell: (c) => (c.getValue() > 0 ? <strong className="slds-text-color_error">{c.getValue()}</strong> : '0'),
      }),
    ],
    [path],
  );
  return (
    <DataTable
      label="Integration users"
      data={rows}
      columns={columns}
      getRowId={(r) => r.id}
      initialSorting={[{ id: 'openFindings', desc: true }]}
      initialHidden={['profile']}
      testId="integration-users"
      toolbar={
        <>
          <div className="slds-col">
            <div className="slds-form-element">
              <label className="slds-form-element__label" htmlFor="filter-class">
                Classification
              </label>
              <div className="slds-select_container">
                <select id="filter-class" className="slds-select" value={classification} onChange={(e) => setClassification(e.target.value)}>
                  <option value="">All</option>
                  {['integration', 'api-only', 'human-as-integration'].map((c) => (
                    <option key={c} value={c}>
                      {classificationLabel(c)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </div>
          <div className="slds-col">
            <div className="slds-form-element">
              <label className="slds-form-element__label" htmlFor="filter-system">
                System
              </label>
              <div className="slds-select_container">
                <select id="filter-system" className="slds-select" value={system} onChange={(e) => setSystem(e.target.value)}>
                  <option value="">All</option>
                  <option value="-">No declared system</option>
                  {systems.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </div>
        </>
      }
    />
  );
}
