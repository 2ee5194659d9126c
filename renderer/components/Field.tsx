import { useId, type ReactNode } from 'react';

interface Common {
  label: string;
  error?: string;
  help?: ReactNode;
  required?: boolean;
}

function Shell({ id, label, error, help, required, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={`slds-form-element slds-m-bottom_small ${error ? 'slds-has-error' : ''}`}>
      <label className="slds-form-element__label" htmlFor={id}>
        {required && (
          <abbr className="slds-required" title="required">
            *{' '}
          </abbr>
        )}
        {label}
      </label>
      <div className="slds-form-element__control">{children}</div>
      {help && !error && (
        <div className="slds-form-element__help slds-text-color_weak" id={`${id}-help`}>
          {help}
        </div>
      )}
      {error && (
        <div className="slds-form-element__help" id={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

function describedBy(id: string, error?: string, help?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  if (help) return `${id}-help`;
  return undefined;
}

export function TextField({
  value,
  onChange,
  type = 'text',
  placeholder,
  autoComplete,
  disabled,
  ...common
}: Common & { value: string; onChange: (v: string) => void; type?: string; placeholder?: string; autoComplete?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <Shell id={id} {...common}>
      <input
        id={id}
        className="slds-input"
        type={type}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete ?? 'off'}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(id, common.error, common.help)}
        required={common.required}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    </Shell>
  );
}

export function TextArea({ value, onChange, rows = 4, ...common }: Common & { value: string; onChange: (v: string) => void; rows?: number }) {
  const id = useId();
  return (
    <Shell id={id} {...common}>
      <textarea
        id={id}
        className="slds-textarea"
        rows={rows}
        value={value}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(id, common.error, common.help)}
        required={common.required}
        onChange={(e) => onChange(e.target.value)}
      />
    </Shell>
  );
}

export function SelectField({ value, onChange, options, ...common }: Common & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <Shell id={id} {...common}>
      <div className="slds-select_container">
        <select
          id={id}
          className="slds-select"
          value={value}
          aria-invalid={common.error ? true : undefined}
          aria-describedby={describedBy(id, common.error, common.help)}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </Shell>
  );
}

export function Checkbox({ label, checked, onChange, disabled }: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="slds-form-element">
      <div className="slds-form-element__control">
        <div className="slds-checkbox">
          <input type="checkbox" id={id} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
          <label className="slds-checkbox__label" htmlFor={id}>
            <span className="slds-checkbox_faux" />
            <span className="slds-form-element__label">{label}</span>
          </label>
        </div>
      </div>
    </div>
  );
}

/** An SLDS checkbox whose label is for screen readers only (table cells with a column header). */
export function CellCheckbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="slds-checkbox">
      <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label className="slds-checkbox__label" htmlFor={id}>
        <span className="slds-checkbox_faux" />
        <span className="slds-assistive-text">{label}</span>
      </label>
    </div>
  );
}
