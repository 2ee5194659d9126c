import { useMemo } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { SfRecord } from '../../shared/model';
import { fieldWords, personText, valueText } from '../../shared/audit/evidence-words';
import { DataTable, type Columns } from './DataTable';

const col = createColumnHelper<SfRecord>();

/** Fields that name a user by Id: shown with the user's name and username beside it when known. */
const USER_FIELDS = new Set(['CreatedById', 'LastModifiedById', 'UserId', 'OwnerId', 'AssigneeId']);

/**
 * Salesforce records as a DataTable, in words as the evidence pack shows them (shared/audit/
 * evidence-words): headers in words, UTC dates, lists as text, names beside user Ids. Columns are
 * the given fields, else every field seen.
 */
export function RecordsTable({
  label,
  records,
  fields,
  height = 320,
  emptyText,
  userOf,
}: {
  label: string;
  records: SfRecord[];
  fields?: string[];
  height?: number;
  emptyText?: string;
  userOf?: (id: string) => Readonly<Record<string, unknown>> | undefined;
}) {
  const keys = useMemo(() => fields ?? [...new Set(records.slice(0, 200).flatMap((r) => Object.keys(r)))].filter((k) => k !== 'attributes'), [records, fields]);
  const columns = useMemo<Columns<SfRecord>>(
    () =>
      keys.map((k) =>
        col.accessor((r) => r[k] ?? null, {
          id: k,
          header: fieldWords(k),
          size: k === 'Id' ? 170 : 160,
          cell: (c) => {
            const v = c.getValue();
            if (typeof v === 'string' && USER_FIELDS.has(k) && userOf) return personText(v, userOf(v));
            return valueText(v);
          },
        }),
      ),
    [keys, userOf],
  );
  return <DataTable label={label} data={records} columns={columns} getRowId={(r, i) => `${r.Id}-${i}`} height={height} emptyText={emptyText} />;
}
