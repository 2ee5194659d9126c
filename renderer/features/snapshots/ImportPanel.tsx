import { useId, useState } from 'react';
import { useSnapshotImport } from './ImportProvider';

/** A file input and a drop zone; both open the window's one import dialog. */
export function ImportPanel() {
  const { openImport } = useSnapshotImport();
  const inputId = useId();
  const [over, setOver] = useState(false);
  return (
    <section className="slds-card slds-p-around_medium slds-m-top_medium" aria-labelledby="files-heading">
      <h2 id="files-heading" className="slds-text-heading_small slds-m-bottom_x-small">
        Import snapshot file
      </h2>
      <p className="slds-m-bottom_small">
        A <span className="iua-mono">.iuasnap</span> file made with <em>Export</em> on an org’s Snapshots screen, or with{' '}
        <span className="iua-mono">iua collect ALIAS --out FILE</span> by the client’s admin. You see what it holds before anything is stored. Files can also be dropped anywhere on
        the window.
      </p>
      <div
        className={`iua-dropzone ${over ? 'iua-dropzone_active' : ''}`}
        data-testid="snapshot-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          // Handled here (any file name: the back end says plainly what is wrong with it), not by the window.
          e.preventDefault();
          e.stopPropagation();
          setOver(false);
          const f = e.dataTransfer.files[0];
          if (f) openImport(f);
        }}
      >
        <div className="slds-form-element">
          <label className="slds-form-element__label" htmlFor={inputId}>
            Import a snapshot file (.iuasnap)
          </label>
          <div className="slds-form-element__control">
            <input
              id={inputId}
              type="file"
              accept=".iuasnap,application/octet-stream"
              onChange={(e) => {
                const f = e.target.files?.[0];
                // Cleared so choosing the same file again opens the dialog again.
                e.target.value = '';
                if (f) openImport(f);
              }}
            />
          </div>
        </div>
        <p className="slds-text-color_weak slds-m-top_x-small">or drop it here</p>
      </div>
    </section>
  );
}
