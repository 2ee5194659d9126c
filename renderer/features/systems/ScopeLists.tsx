import { ACCESS_LEVELS, type Access } from '../../../shared/audit/scope';
import { CellCheckbox } from '../../components/Field';
import type { Draft } from './scopeDraft';

const LEVEL_LABEL: Record<Access, string> = { read: 'Read', create: 'Create', edit: 'Edit', delete: 'Delete', viewAll: 'View All', modifyAll: 'Modify All' };

interface Props {
  draft: Draft;
  setDraft: (d: Draft) => void;
  byField: Map<string, string>;
  /** What the assigned users hold in the snapshot: the picker suggestions. */
  held: { objects: string[]; fields: string[]; perms: string[] };
}

/** The list with row i changed by `patch` (the lists are immutable draft state). */
function patchAt<T>(list: readonly T[], i: number, patch: (row: T) => Partial<T>): T[] {
  return list.map((x, j) => (j === i ? { ...x, ...patch(x) } : x));
}

function Err({ msg }: { msg?: string }) {
  return msg ? <div className="slds-form-element__help slds-text-color_error">{msg}</div> : null;
}

/** The declared objects, fields and system permissions, each a list of editable rows. */
export function ScopeLists({ draft, setDraft, byField, held }: Props) {
  const setObjects = (objects: Draft['objects']) => setDraft({ ...draft, objects });
  const setFields = (fields: Draft['fields']) => setDraft({ ...draft, fields });
  const setPerms = (systemPermissions: Draft['systemPermissions']) => setDraft({ ...draft, systemPermissions });
  return (
    <>
      <datalist id="held-objects">
        {held.objects.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <datalist id="held-fields">
        {held.fields.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <datalist id="held-perms">
        {held.perms.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>

      <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="obj-heading">
        <h2 id="obj-heading" className="slds-text-heading_small slds-m-bottom_x-small">
          Objects it needs
        </h2>
        <p className="slds-text-body_small slds-text-color_weak slds-m-bottom_small">
          Suggestions come from what the assigned users hold in this snapshot ({held.objects.length} objects).
        </p>
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Declared objects">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">Object</th>
              {ACCESS_LEVELS.map((l) => (
                <th scope="col" key={l}>
                  {LEVEL_LABEL[l]}
                </th>
              ))}
              <th scope="col">
                <span className="slds-assistive-text">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.objects.map((o, i) => {
              const err = byField.get(`objects.${o.object}`) ?? byField.get(`objects.${i}`);
              return (
                <tr key={i} className={err ? 'slds-has-error' : ''}>
                  <td>
                    <input
                      className="slds-input"
                      list="held-objects"
                      aria-label={`Object ${i + 1}`}
                      value={o.object}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => setObjects(patchAt(draft.objects, i, () => ({ object: e.target.value })))}
                    />
                    <Err msg={err} />
                  </td>
                  {ACCESS_LEVELS.map((l) => (
                    <td key={l}>
                      <CellCheckbox
                        label={`${LEVEL_LABEL[l]} on ${o.object || `object ${i + 1}`}`}
                        checked={o.levels.includes(l)}
                        onChange={(on) => setObjects(patchAt(draft.objects, i, (x) => ({ levels: on ? [...x.levels, l] : x.levels.filter((y) => y !== l) })))}
                      />
                    </td>
                  ))}
                  <td>
                    <button type="button" className="slds-button slds-button_text-destructive" onClick={() => setObjects(draft.objects.filter((_, j) => j !== i))}>
                      Remove<span className="slds-assistive-text"> {o.object}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" className="slds-button slds-button_neutral slds-m-top_small" onClick={() => setObjects([...draft.objects, { object: '', levels: ['read'] }])}>
          Add object
        </button>
      </section>

      <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="fld-heading">
        <h2 id="fld-heading" className="slds-text-heading_small slds-m-bottom_small">
          Sensitive fields it needs
        </h2>
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Declared fields">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">Field (Object.Field)</th>
              <th scope="col">Read</th>
              <th scope="col">Edit</th>
              <th scope="col">
                <span className="slds-assistive-text">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.fields.map((f, i) => {
              const err = byField.get(`fields.${f.field}`);
              return (
                <tr key={i} className={err ? 'slds-has-error' : ''}>
                  <td>
                    <input
                      className="slds-input"
                      list="held-fields"
                      aria-label={`Field ${i + 1}`}
                      value={f.field}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => setFields(patchAt(draft.fields, i, () => ({ field: e.target.value })))}
                    />
                    <Err msg={err} />
                  </td>
                  <td>
                    <CellCheckbox label={`Read ${f.field}`} checked={f.read} onChange={(on) => setFields(patchAt(draft.fields, i, () => ({ read: on })))} />
                  </td>
                  <td>
                    <CellCheckbox label={`Edit ${f.field}`} checked={f.edit} onChange={(on) => setFields(patchAt(draft.fields, i, () => ({ edit: on })))} />
                  </td>
                  <td>
                    <button type="button" className="slds-button slds-button_text-destructive" onClick={() => setFields(draft.fields.filter((_, j) => j !== i))}>
                      Remove<span className="slds-assistive-text"> {f.field}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" className="slds-button slds-button_neutral slds-m-top_small" onClick={() => setFields([...draft.fields, { field: '', read: true, edit: false }])}>
          Add field
        </button>
      </section>

      <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="perm-heading">
        <h2 id="perm-heading" className="slds-text-heading_small slds-m-bottom_small">
          System permissions it needs (each with a justification)
        </h2>
        {draft.systemPermissions.map((p, i) => {
          const err = byField.get(`systemPermissions.${p.name}`);
          return (
            <div key={i} className={`slds-grid slds-gutters_x-small slds-m-bottom_x-small ${err ? 'slds-has-error' : ''}`}>
              <div className="slds-col slds-size_1-of-3">
                <input
                  className="slds-input"
                  list="held-perms"
                  aria-label={`Permission ${i + 1}`}
                  value={p.name}
                  onChange={(e) => setPerms(patchAt(draft.systemPermissions, i, () => ({ name: e.target.value })))}
                />
              </div>
              <div className="slds-col">
                <input
                  className="slds-input"
                  aria-label={`Justification for ${p.name || `permission ${i + 1}`}`}
                  placeholder="Why it needs this"
                  value={p.justification}
                  aria-invalid={err ? true : undefined}
                  onChange={(e) => setPerms(patchAt(draft.systemPermissions, i, () => ({ justification: e.target.value })))}
                />
                <Err msg={err} />
              </div>
              <button type="button" className="slds-button slds-button_text-destructive" onClick={() => setPerms(draft.systemPermissions.filter((_, j) => j !== i))}>
                Remove<span className="slds-assistive-text"> {p.name}</span>
              </button>
            </div>
          );
        })}
        <button type="button" className="slds-button slds-button_neutral" onClick={() => setPerms([...draft.systemPermissions, { name: '', justification: '' }])}>
          Add system permission
        </button>
      </section>
    </>
  );
}
