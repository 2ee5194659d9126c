import type { AppInfo } from '../../../shared/contract';
import { Icon } from '../../components/Icon';

/** Says what happened, that nothing was changed, and what the auditor can do next. */
export function RecoveryScreen({ info }: { info: AppInfo }) {
  const { state, message, path } = info.database;
  const newer = state === 'newer';
  return (
    <main className="slds-p-around_large" id="main-content" tabIndex={-1}>
      <div className="slds-card slds-p-around_large" style={{ maxWidth: '48rem', margin: '0 auto' }}>
        <div className="slds-grid slds-grid_vertical-align-center slds-m-bottom_medium">
          <Icon name="warning" className="slds-icon slds-icon_medium slds-icon-text-warning slds-m-right_small" />
          <h1 className="slds-text-heading_large">{newer ? 'This database was written by a newer version' : 'The database could not be opened'}</h1>
        </div>
        <p className="slds-text-body_regular slds-m-bottom_small" data-testid="recovery-what">
          {newer
            ? `The data file was last used by a newer version of Integration User Auditor (this is ${info.appVersion}). This version cannot read it safely.`
            : 'The data file is damaged or is not an Integration User Auditor database, so the app started in recovery mode.'}
        </p>
        <p className="slds-text-body_regular slds-m-bottom_small" data-testid="recovery-untouched">
          <strong>The file was not touched:</strong> the app has not changed, repaired or deleted it.
        </p>
        <dl className="slds-list_horizontal slds-wrap slds-m-bottom_medium">
          <dt className="slds-item_label slds-text-color_weak">File</dt>
          <dd className="slds-item_detail iua-mono" data-testid="recovery-path">
            {path}
          </dd>
          {message && (
            <>
              <dt className="slds-item_label slds-text-color_weak">Details</dt>
              <dd className="slds-item_detail">{message}</dd>
            </>
          )}
        </dl>
        <h2 className="slds-text-heading_small slds-m-bottom_x-small">What you can do</h2>
        <ul className="slds-list_dotted">
          {newer ? (
            <li>Install the newer version of the app and open this data directory with it.</li>
          ) : (
            <li>Restore the file from your backup, or move it aside: the app creates a fresh database on the next start.</li>
          )}
          <li>Start the app with another data directory (--data-dir) to keep working with other data.</li>
          <li>Your evidence packs already exported are separate files and are not affected.</li>
        </ul>
      </div>
    </main>
  );
}
