import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { createColumnHelper } from '@tanstack/react-table';
import { DataTable, type Columns } from '../../components/DataTable';

interface Row {
  id: string;
  username: string;
  object: string;
  permission: string;
  count: number;
}

const col = createColumnHelper<Row>();
const OBJECTS = ['Account', 'Contact', 'Case', 'Opportunity', 'Lead', 'Patient__c', 'Claim__c'];
const PERMS = ['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords'];

export function syntheticRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    username: `user${String(i).padStart(5, '0')}@example.com`,
    object: OBJECTS[i % OBJECTS.length],
    permission: PERMS[(i * 7) % PERMS.length],
    count: (i * 2654435761) % 1000,
  }));
}

/** A fixed synthetic load for the DataTable (`#/_perf/table?rows=50000`): proves virtualization in e2e. */
export function TablePerfPage() {
  const [params] = useSearchParams();
  const n = Math.min(200_000, Number(params.get('rows') ?? 50_000) || 50_000);
  const data = useMemo(() => syntheticRows(n), [n]);
  const columns = useMemo<Columns<Row>>(
    () => [
      col.accessor('username', { header: 'Username', size: 260 }),
      col.accessor('object', { header: 'Object', size: 160 }),
      col.accessor('permission', { header: 'Permission', size: 160 }),
      col.accessor('count', { header: 'Count', size: 100 }),
    ],
    [],
  );
  return (
    <main className="iua-main" id="main-content" tabIndex={-1}>
      <h1 className="slds-text-heading_medium slds-m-bottom_small">Table performance ({n.toLocaleString('en-US')} rows)</h1>
      <DataTable label="Synthetic rows" data={data} columns={columns} getRowId={(r) => r.id} height={600} testId="perf-table" />
    </main>
  );
}
