import { Link, Outlet } from 'react-router';
import { useCall } from '../api/context';
import { Icon } from '../components/Icon';

/** The global header on every screen; org screens add the context bar and nav below it. */
export function Shell() {
  const info = useCall('app.info', {});
  return (
    <div className="iua-shell">
      <a
        href="#main-content"
        className="slds-assistive-text slds-assistive-text_focus"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="iua-header" role="banner">
        <Icon name="shield" className="slds-icon slds-icon_small slds-icon-text-default" />
        <Link to="/" className="slds-text-heading_small slds-text-link_reset">
          <strong>Integration User Auditor</strong>
        </Link>
        <span className="slds-text-color_weak slds-text-body_small">Least-privilege audits of Salesforce integration users</span>
        <span className="slds-col_bump-left slds-text-body_small slds-text-color_weak">
          {info.data ? `${info.data.door === 'desktop' ? 'Desktop' : 'Browser mode'} · works offline` : ''}
        </span>
      </header>
      <Outlet />
      {/* The version comes from the back end (app.info reads package.json), never typed here. */}
      <footer className="iua-footer slds-text-body_small slds-text-color_weak" role="contentinfo" data-testid="app-footer">
        {info.data ? `Version ${info.data.appVersion}` : ''}
      </footer>
    </div>
  );
}
