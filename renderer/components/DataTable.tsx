/**
 * The one table for large data: TanStack Table (sorting, global filter, column choice) with
 * TanStack Virtual rows, so 50,000 rows cost the DOM only what is on screen. Rows are
 * absolutely positioned, so the table declares its semantics with explicit roles and
 * aria-rowcount/aria-rowindex: a screen reader still hears "row 4,012 of 50,001".
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type FilterFn,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Icon } from './Icon';
import { ColumnChooser } from './ColumnChooser';

// Columns of one table hold different value types; TanStack's own docs type the array this way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Columns<T> = ColumnDef<T, any>[];

export interface DataTableProps<T> {
  /** The accessible name of the table. */
  label: string;
  data: T[];
  columns: Columns<T>;
  getRowId?: (row: T, index: number) => string;
  /** Height of the scrolling body in px. */
  height?: number;
  rowHeight?: number;
  search?: boolean;
  toolbar?: ReactNode;
  initialSorting?: SortingState;
  initialHidden?: string[];
  emptyText?: string;
  testId?: string;
}

/** Matches arrays and numbers too, unlike TanStack's default string-only global filter. */
export const textFilter: FilterFn<unknown> = (row, columnId, filter: string) => {
  const v = row.getValue(columnId);
  if (v === null || v === undefined) return false;
  const text = Array.isArray(v) ? v.join(' ') : String(v);
  return text.toLowerCase().includes(String(filter).toLowerCase());
};

export function DataTable<T>({
  label,
  data,
  columns,
  getRowId,
  height = 480,
  rowHeight = 36,
  search = true,
  toolbar,
  initialSorting = [],
  initialHidden = [],
  emptyText = 'No rows.',
  testId,
}: DataTableProps<T>) {
  const searchId = useId();
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState('');
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() => Object.fromEntries(initialHidden.map((c) => [c, false])));
  const table = useReactTable<T>({
    data,
    columns,
    getRowId,
    state: { sorting, globalFilter, columnVisibility },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    onColumnVisibilityChange: setColumnVisibility,
    globalFilterFn: textFilter as FilterFn<T>,
    getColumnCanGlobalFilter: () => true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const visibleColumns = table.getVisibleLeafColumns();
  const minWidth = useMemo(() => visibleColumns.reduce((s, c) => s + c.getSize(), 0), [visibleColumns]);
  const flex = (size: number) => ({ flex: `${size} 0 ${size}px`, minWidth: 0 });

  return (
    <div className="iua-datatable" data-testid={testId}>
      <div className="slds-grid slds-grid_vertical-align-end slds-wrap slds-m-bottom_x-small slds-gutters_x-small">
        {search && (
          <div className="slds-col slds-size_1-of-3">
            <div className="slds-form-element">
              <label className="slds-form-element__label" htmlFor={searchId}>
                Search {label.toLowerCase()}
              </label>
              <div className="slds-form-element__control slds-input-has-icon slds-input-has-icon_left">
                <Icon name="search" className="slds-icon slds-input__icon slds-input__icon_left slds-icon-text-default" />
                <input id={searchId} type="search" className="slds-input" value={globalFilter} onChange={(e) => setGlobalFilter(e.target.value)} placeholder="Type to filter…" />
              </div>
            </div>
          </div>
        )}
        {toolbar}
        <div className="slds-col slds-col_bump-left slds-grid slds-grid_vertical-align-center">
          <span className="slds-text-color_weak slds-m-right_small" aria-live="polite">
            {rows.length === data.length ? `${data.length.toLocaleString('en-US')} rows` : `${rows.length.toLocaleString('en-US')} of ${data.length.toLocaleString('en-US')} rows`}
          </span>
          <ColumnChooser table={table} />
        </div>
      </div>
      <div
        ref={scrollRef}
        className="iua-datatable__scroll slds-border_top slds-border_bottom slds-border_left slds-border_right"
        style={{ height }}
        tabIndex={0}
        role="region"
        aria-label={`${label} (scrollable)`}
      >
        <table
          role="table"
          aria-label={label}
          aria-rowcount={rows.length + 1}
          aria-colcount={visibleColumns.length}
          className="slds-table slds-table_bordered slds-table_fixed-layout iua-vtable"
          style={{ minWidth }}
        >
          <thead role="rowgroup" className="iua-vtable__head">
            {table.getHeaderGroups().map((hg) => (
              <tr role="row" key={hg.id} aria-rowindex={1} className="slds-line-height_reset iua-vtable__row">
                {hg.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  const title = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      role="columnheader"
                      key={header.id}
                      scope="col"
                      className="iua-vtable__cell"
                      style={flex(header.getSize())}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined}
                    >
                      {canSort ? (
                        <button type="button" className="slds-button slds-text-link_reset slds-truncate slds-text-title_caps" onClick={header.column.getToggleSortingHandler()}>
                          {title}
                          {sorted && (
                            <Icon name={sorted === 'asc' ? 'arrowup' : 'arrowdown'} className="slds-icon slds-icon_xx-small slds-icon-text-default slds-m-left_xx-small" />
                          )}
                        </button>
                      ) : (
                        <span className="slds-truncate slds-text-title_caps">{title}</span>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody role="rowgroup" className="iua-vtable__body" style={{ height: Math.max(virtualizer.getTotalSize(), rows.length === 0 ? rowHeight : 0) }}>
            {rows.length === 0 && (
              <tr role="row" aria-rowindex={2} className="iua-vtable__row" style={{ height: rowHeight }}>
                <td role="cell" className="iua-vtable__cell slds-text-color_weak" style={{ flex: '1 0 100%' }}>
                  {emptyText}
                </td>
              </tr>
            )}
            {virtualizer.getVirtualItems().map((vi) => {
              const row = rows[vi.index];
              return (
                <tr
                  role="row"
                  key={row.id}
                  aria-rowindex={vi.index + 2}
                  className="iua-vtable__row slds-hint-parent"
                  data-index={vi.index}
                  style={{ height: rowHeight, transform: `translateY(${vi.start}px)`, position: 'absolute', width: '100%' }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td role="cell" key={cell.id} className="iua-vtable__cell" style={flex(cell.column.getSize())}>
                      <div className="slds-truncate">{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
