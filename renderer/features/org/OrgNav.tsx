import { NavLink } from 'react-router';
import { Icon, type IconName } from '../../components/Icon';
import { useSnapshotChoice } from './useOrg';

const ITEMS: { to: string; label: string; icon: IconName; end?: boolean }[] = [
  { to: '', label: 'Dashboard', icon: 'chart', end: true },
  { to: 'users', label: 'Integration users', icon: 'people' },
  { to: 'systems', label: 'Systems & checklists', icon: 'task' },
  { to: 'drift', label: 'Drift', icon: 'change_record_type' },
  { to: 'evidence', label: 'Evidence', icon: 'file' },
  { to: 'snapshots', label: 'Snapshots', icon: 'database' },
  { to: 'collect', label: 'Collect', icon: 'sync' },
];

export function OrgNav({ alias }: { alias: string }) {
  const snapshot = useSnapshotChoice();
  const base = `/orgs/${encodeURIComponent(alias)}`;
  const q = snapshot ? `?snapshot=${encodeURIComponent(snapshot)}` : '';
  return (
    <nav className="iua-nav slds-nav-vertical slds-p-top_small" aria-label="Org sections">
      <div className="slds-nav-vertical__section">
        <h2 className="slds-nav-vertical__title" id="org-nav-title">
          Review
        </h2>
        <ul aria-describedby="org-nav-title">
          {ITEMS.map((item) => (
            <li key={item.label} className="slds-nav-vertical__item">
              <NavLink
                to={`${base}${item.to ? `/${item.to}` : ''}${q}`}
                end={item.end}
                className={({ isActive }) => `slds-nav-vertical__action ${isActive ? 'slds-is-active' : ''}`}
              >
                <Icon name={item.icon} className="slds-icon slds-icon_x-small slds-icon-text-default slds-m-right_x-small" />
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
