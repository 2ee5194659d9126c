import { useMemo, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { EffectiveAccess } from '../../../shared/audit/access';
import type { Source } from '../../../shared/audit/types';
import { FIELD_PERMS, OBJECT_PERMS } from '../../../shared/audit/types';
import { DataTable, type Columns } from '../../components/DataTable';
import { ProvenancePanel } from './ProvenancePanel';
import { fieldRows, objectRows, sourceCountLabel, type FieldRow, type ObjectRow, type Selected } from './provenance';
import type { ObjectUsage } from './usage';

const PERM_LABEL: Record<string, string> = { Read: 'Read', Create: 'Create', Edit: 'Edit', Delete: 'Delete', ViewAllRecords: 'View All', ModifyAllRecords: 'Modify All' };

function PermCell({
  target,
  permission,
  sources,
  kind,
  onSelect,
  selected,
}: {
  target: string;
  permission: string;
  sources: Source[] | undefined;
  kind: Selected['kind'];
  onSelect: (s: Selected) => void;
  selected: Selected | null;
}) {
  if (!sources || sources.length === 0)
    return (
      <span className="slds-text-color_weak" aria-label={`no ${permission}`}>
        —
      </span>
    );
  const isSel = selected?.kind === kind && selected.target === target && selected.permission === permission;
  return (
    <button
      type="button"
      className={`slds-button ${isSel ? 'slds-button_brand' : 'slds-button_outline-brand'} slds-button_stretch`}
      style={{ lineHeight: '1.5rem', minHeight: 0 }}
      aria-pressed={isSel}
      aria-label={`${PERM_LABEL[permission] ?? permission} on ${target}: ${sourceCountLabel(sources.length)}`}
      onClick={() => onSelect({ kind, target, permission, sources })}
    >
      ✓ {sources.length > 1 ? `×${sources.length}` : ''}
    </button>
  );
}

const oc = createColumnHelper<ObjectRow>();
const fc = createColumnHelper<FieldRow>();

/** Object × permission matrix, fields and system permissions; a click shows who grants it. */
export function AccessView({ access, usage }: { access: EffectiveAccess; usage?: Map<string, ObjectUsage> }) {
  const [selected, setSelected] = useState<Selected | null>(null);
  const objects = useMemo(() => objectRows(access), [access]);
  const fields = useMemo(() => fieldRows(access), [access]);
  const objectColumns = useMemo<Columns<ObjectRow>>(
    () => [
      oc.accessor('object', { header: 'Object', size: 200, enableHiding: false }),
      ...OBJECT_PERMS.map((p) =>
        oc.accessor((r) => r[p]?.length ?? 0, {
          id: p,
          header: PERM_LABEL[p],
          size: 90,
          cell: (c) => <PermCell kind="object" target={c.row.original.object} permission={p} sources={c.row.original[p]} onSelect={setSelected} selected={selected} />,
        }),
      ),
      ...(usage
        ? [
            oc.accessor((r) => usage.get(r.object.toLowerCase())?.used ?? '', { id: 'used', header: 'Used', size: 150 }),
            oc.accessor((r) => usage.get(r.object.toLowerCase())?.writes ?? '', { id: 'writes', header: 'Created / modified', size: 130 }),
            oc.accessor((r) => usage.get(r.object.toLowerCase())?.lastSeen ?? '', { id: 'lastSeen', header: 'Last seen', size: 190 }),
          ]
        : []),
    ],
    [selected, usage],
  );
  const fieldColumns = useMemo<Columns<FieldRow>>(
    () => [
      fc.accessor('field', { header: 'Field', size: 280, enableHiding: false }),
      ...FIELD_PERMS.map((p) =>
        fc.accessor((r) => r[p]?.length ?? 0, {
          id: p,
          header: p,
          size: 90,
          cell: (c) => <PermCell kind="field" target={c.row.original.field} permission={p} sources={c.row.original[p]} onSelect={setSelected} selected={selected} />,
        }),
      ),
    ],
    [selected],
  );
  const system = Object.entries(access.systemPermissions);
  return (
    <div className="slds-grid slds-gutters">
      <div className="slds-col slds-size_2-of-3">
        <h3 className="slds-text-heading_small slds-m-vertical_small">Sources</h3>
        <ul className="slds-list_dotted slds-m-bottom_small" data-testid="access-sources">
          {access.sources.map((s, i) => (
            <li key={`${s.id}-${s.viaComponent?.id ?? ''}-${i}`}>
              {s.kind === 'profile' ? 'Profile' : s.kind === 'group' ? 'Permission set group' : 'Permission set'} <strong>{s.name}</strong>
              {s.viaComponent ? ` (component ${s.viaComponent.name})` : ''}
            </li>
          ))}
        </ul>
        <h3 className="slds-text-heading_small slds-m-vertical_small">Object permissions</h3>
        <DataTable label="Object permissions" data={objects} columns={objectColumns} getRowId={(r) => r.object} height={360} emptyText="No object permissions." />
        <h3 className="slds-text-heading_small slds-m-vertical_small">System permissions</h3>
        {system.length === 0 ? (
          <p className="slds-text-color_weak">None.</p>
        ) : (
          <ul className="slds-grid slds-wrap" aria-label="System permissions">
            {system.map(([name, sources]) => (
              <li key={name} className="slds-m-right_x-small slds-m-bottom_x-small">
                <button
                  type="button"
                  className={`slds-button ${selected?.kind === 'system' && selected.target === name ? 'slds-button_brand' : 'slds-button_neutral'}`}
                  aria-pressed={selected?.kind === 'system' && selected.target === name}
                  onClick={() => setSelected({ kind: 'system', target: name, permission: name, sources })}
                >
                  {name} <span className="slds-m-left_xx-small slds-text-color_weak">({sources.length})</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <h3 className="slds-text-heading_small slds-m-vertical_small">Field permissions</h3>
        <DataTable label="Field permissions" data={fields} columns={fieldColumns} getRowId={(r) => r.field} height={300} emptyText="No field permissions." />
      </div>
      <div className="slds-col slds-size_1-of-3">
        <ProvenancePanel selected={selected} />
      </div>
    </div>
  );
}
