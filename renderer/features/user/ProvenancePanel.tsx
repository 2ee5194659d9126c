import type { Selected } from './provenance';
import { describeSource } from './provenance';

/** Who grants the selected permission: enough to write the remediation ("remove X from Y"). */
export function ProvenancePanel({ selected }: { selected: Selected | null }) {
  return (
    <section className="slds-card slds-p-around_medium iua-provenance" aria-labelledby="prov-heading" aria-live="polite" data-testid="provenance">
      <h3 id="prov-heading" className="slds-text-heading_small slds-m-bottom_small">
        {selected ? `Who grants ${selected.kind === 'system' ? selected.permission : `${selected.permission} on ${selected.target}`}` : 'Provenance'}
      </h3>
      {!selected && <p className="slds-text-color_weak">Choose a permission to see which profile, permission set or group grants it.</p>}
      {selected && (
        <ul className="slds-has-dividers_bottom-space">
          {selected.sources.map((s, i) => (
            <li key={`${s.id}-${s.recordId ?? ''}-${i}`} className="slds-item">
              <div data-testid="provenance-source">{describeSource(s)}</div>
              <div className="slds-text-body_small slds-text-color_weak iua-mono">
                {s.id}
                {s.recordId && s.recordId !== s.id ? ` · record ${s.recordId}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
