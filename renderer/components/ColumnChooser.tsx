import { useEffect, useId, useRef, useState } from 'react';
import type { Table } from '@tanstack/react-table';
import { Icon } from './Icon';

/** "Columns" menu: show or hide each hideable column of a DataTable. */
export function ColumnChooser<T>({ table }: { table: Table<T> }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDoc);
    return () => document.removeEventListener('mousedown', onDoc);
  }, [open]);
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  return (
    <div ref={ref} className={`slds-dropdown-trigger slds-dropdown-trigger_click ${open ? 'slds-is-open' : ''}`} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" className="slds-button slds-button_neutral" aria-haspopup="true" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <Icon name="table" className="slds-button__icon slds-button__icon_left" />
        Columns
      </button>
      {open && (
        <div id={id} className="slds-dropdown slds-dropdown_right slds-dropdown_small slds-p-around_small">
          <fieldset>
            <legend className="slds-text-title_caps slds-m-bottom_x-small">Show columns</legend>
            {columns.map((c) => {
              const cid = `${id}-${c.id}`;
              const header = c.columnDef.header;
              return (
                <div className="slds-checkbox slds-m-bottom_xx-small" key={c.id}>
                  <input type="checkbox" id={cid} checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
                  <label className="slds-checkbox__label" htmlFor={cid}>
                    <span className="slds-checkbox_faux" />
                    <span className="slds-form-element__label">{typeof header === 'string' ? header : c.id}</span>
                  </label>
                </div>
              );
            })}
          </fieldset>
        </div>
      )}
    </div>
  );
}
