import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCall } from '../../api/context';
import { Icon } from '../../components/Icon';
import { AddOrgDialog } from './AddOrgDialog';
import { DemoButton } from './DemoButton';
import { OrgList } from './OrgList';
import { ImportPanel } from '../snapshots/ImportPanel';

export function HomePage() {
  const info = useCall('app.info', {});
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();
  return (
    <main className="iua-main" id="main-content" tabIndex={-1}>
      <div className="slds-page-header slds-m-bottom_medium">
        <div className="slds-page-header__row">
          <div className="slds-page-header__col-title">
            <h1 className="slds-page-header__title">Integration User Auditor</h1>
            <p className="slds-page-header__name-meta">Connect an org, collect a snapshot, review each integration’s access, sign off and export the evidence.</p>
          </div>
          <div className="slds-page-header__col-actions">
            <div className="slds-page-header__controls">
              <DemoButton />
              <button type="button" className="slds-button slds-button_neutral slds-m-left_x-small" onClick={() => setAdding(true)}>
                <Icon name="add" className="slds-button__icon slds-button__icon_left" />
                Add org
              </button>
            </div>
          </div>
        </div>
      </div>
      <OrgList />
      <ImportPanel />
      <footer className="slds-m-top_large slds-text-body_small slds-text-color_weak" aria-label="About this app">
        {info.data && (
          <dl className="slds-list_inline">
            <dt className="slds-m-right_xx-small">Version</dt>
            <dd data-testid="app-version">{info.data.appVersion}</dd>
            <dt className="slds-m-left_small slds-m-right_xx-small">Data directory</dt>
            <dd className="iua-mono">{info.data.dataDir}</dd>
            <dt className="slds-m-left_small slds-m-right_xx-small">Running as</dt>
            <dd>{info.data.door === 'desktop' ? `Desktop (Electron ${info.data.electronVersion})` : 'Browser mode'}</dd>
            <dt className="slds-m-left_small slds-m-right_xx-small">SQLite</dt>
            <dd>{info.data.sqliteVersion}</dd>
          </dl>
        )}
      </footer>
      {adding && <AddOrgDialog onClose={() => setAdding(false)} onAdded={(alias) => navigate(`/orgs/${encodeURIComponent(alias)}/collect`)} />}
    </main>
  );
}
