import { useId, useRef, type ReactNode } from 'react';

/** SLDS scoped tabs with the ARIA tabs pattern (arrow keys move between tabs). */
export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  label,
}: {
  tabs: { key: K; label: string; content: ReactNode }[];
  active: K;
  onChange: (k: K) => void;
  label: string;
}) {
  const id = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKeyDown(e: React.KeyboardEvent, i: number) {
    const n = tabs.length;
    const next = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : null;
    if (next === null) return;
    e.preventDefault();
    onChange(tabs[next].key);
    refs.current[next]?.focus();
  }
  return (
    <div className="slds-tabs_scoped">
      <ul className="slds-tabs_scoped__nav" role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <li key={t.key} className={`slds-tabs_scoped__item ${t.key === active ? 'slds-is-active' : ''}`} role="presentation">
            <button
              type="button"
              ref={(el) => {
                refs.current[i] = el;
              }}
              className="slds-tabs_scoped__link slds-button slds-button_reset"
              role="tab"
              id={`${id}-tab-${t.key}`}
              aria-selected={t.key === active}
              aria-controls={`${id}-panel-${t.key}`}
              tabIndex={t.key === active ? 0 : -1}
              onClick={() => onChange(t.key)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              {t.label}
            </button>
          </li>
        ))}
      </ul>
      {tabs
        .filter((t) => t.key === active)
        .map((t) => (
          <div key={t.key} id={`${id}-panel-${t.key}`} className="slds-tabs_scoped__content" role="tabpanel" aria-labelledby={`${id}-tab-${t.key}`}>
            {t.content}
          </div>
        ))}
    </div>
  );
}
