import { useMemo, useState } from 'react';
import type { ClassifiedUser } from '../../../shared/audit/types';
import { classificationLabel } from '../../components/Badges';
import { INTEGRATION_CLASSES } from '../dashboard/summary';

/** Assign users by username: integration-like users first, anyone else by search. */
export function UserPicker({ users, selected, onChange, error }: { users: ClassifiedUser[]; selected: string[]; onChange: (u: string[]) => void; error?: string }) {
  const [query, setQuery] = useState('');
  const chosen = new Set(selected.map((s) => s.toLowerCase()));
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q
      ? users.filter((u) => u.username.toLowerCase().includes(q) || (u.name ?? '').toLowerCase().includes(q))
      : users.filter((u) => INTEGRATION_CLASSES.has(u.classification));
    return list.slice(0, 50);
  }, [users, query]);
  const toggle = (username: string, on: boolean) => onChange(on ? [...selected, username] : selected.filter((s) => s.toLowerCase() !== username.toLowerCase()));
  const unknown = selected.filter((s) => !users.some((u) => u.username.toLowerCase() === s.toLowerCase()));
  return (
    <div className={error ? 'slds-has-error' : ''}>
      <div className="slds-form-element slds-m-bottom_small">
        <label className="slds-form-element__label" htmlFor="user-search">
          Find a user (integration users are listed; search to find anyone)
        </label>
        <input id="user-search" type="search" className="slds-input" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <fieldset className="slds-form-element">
        <legend className="slds-form-element__legend slds-form-element__label">Assigned users</legend>
        <div style={{ maxHeight: '18rem', overflow: 'auto' }}>
          {shown.map((u) => {
            const id = `pick-${u.id}`;
            return (
              <div className="slds-checkbox" key={u.id}>
                <input type="checkbox" id={id} checked={chosen.has(u.username.toLowerCase())} onChange={(e) => toggle(u.username, e.target.checked)} />
                <label className="slds-checkbox__label" htmlFor={id}>
                  <span className="slds-checkbox_faux" />
                  <span className="slds-form-element__label">
                    {u.username} <span className="slds-text-color_weak">({classificationLabel(u.classification)})</span>
                  </span>
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
      {unknown.length > 0 && (
        <p className="slds-text-body_small slds-m-top_x-small">
          Also assigned (not in this snapshot): {unknown.join(', ')}{' '}
          {unknown.map((u) => (
            <button key={u} type="button" className="slds-button slds-m-left_xx-small" onClick={() => toggle(u, false)}>
              Remove {u}
            </button>
          ))}
        </p>
      )}
      {error && <div className="slds-form-element__help">{error}</div>}
    </div>
  );
}
