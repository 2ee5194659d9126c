import { useMemo } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { SfRecord } from '../../shared/model';
import { DataTable, type Columns } from './DataTable';

const col = createColumnHelper<SfRecord>();

/** Salesforce records as a DataTable; columns are the given fields, else every field seen. */
export function RecordsTable({ label, records, fields, height = 320, emptyText }: { label: string; records: SfRecord[]; fields?: string[]; height?: number; emptyText?: string }) {
  const keys = useMemo(() => fields ?? [...new Set(records.slice(0, 200).flatMap((r) => Object.keys(r)))].filter((k) => k !== 'attributes'), [records, fields]);
  const columns = useMemo<Columns<SfRecord>>(
    () => keys.map((k) => col.accessor((r) => r[k] ?? null, { id: k, header: k, size: k === 'Id' ? 170 : 160, cell: (c) => (c.getValue() === null ? '' : String(c.getValue())) })),
    [keys],
  );
  return <DataTable label={label} data={records} columns={columns} getRowId={(r, i) => `${r.Id}-${i}`} height={height} emptyText={emptyText} />;
}
