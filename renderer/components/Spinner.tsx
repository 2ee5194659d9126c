/** A loading indicator with words, so screen readers hear what is happening. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="slds-p-around_medium slds-grid slds-grid_vertical-align-center" role="status">
      <div className="slds-spinner_container slds-is-relative" style={{ width: '2rem', height: '2rem', background: 'transparent' }}>
        <div className="slds-spinner slds-spinner_x-small slds-spinner_brand" aria-hidden="true">
          <div className="slds-spinner__dot-a" />
          <div className="slds-spinner__dot-b" />
        </div>
      </div>
      <span className="slds-m-left_small">{label}</span>
    </div>
  );
}
