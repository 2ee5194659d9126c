import { useCall } from '../../api/context';

export function HomePage() {
  const info = useCall('app.info', {});
  return (
    <main className="slds-p-around_large">
      <div className="slds-page-header slds-m-bottom_medium">
        <div className="slds-page-header__row">
          <div className="slds-page-header__col-title">
            <h1 className="slds-page-header__title">Integration User Auditor</h1>
            <p className="slds-page-header__name-meta">Least-privilege audits of Salesforce integration users</p>
          </div>
        </div>
      </div>
      <section className="slds-card slds-p-around_medium" aria-label="About this app">
        {info.isPending && <p>Loading…</p>}
        {info.isError && (
          <div className="slds-notify slds-notify_alert slds-alert_error" role="alert">
            {info.error.message}
          </div>
        )}
        {info.data && (
          <dl className="slds-list_horizontal slds-wrap">
            <dt className="slds-item_label slds-text-color_weak">Version</dt>
            <dd className="slds-item_detail" data-testid="app-version">{info.data.appVersion}</dd>
            <dt className="slds-item_label slds-text-color_weak">Data directory</dt>
            <dd className="slds-item_detail">{info.data.dataDir}</dd>
            <dt className="slds-item_label slds-text-color_weak">Running as</dt>
            <dd className="slds-item_detail">{info.data.door === 'desktop' ? `Desktop (Electron ${info.data.electronVersion})` : 'Browser mode'}</dd>
            <dt className="slds-item_label slds-text-color_weak">SQLite</dt>
            <dd className="slds-item_detail">{info.data.sqliteVersion}</dd>
          </dl>
        )}
      </section>
    </main>
  );
}
