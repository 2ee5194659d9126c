import { Link, Outlet, useMatch } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { Alert } from '../../components/Alert';
import { ContextBar } from './ContextBar';
import { OrgNav } from './OrgNav';
import { ReauthBanner } from './ReauthBanner';
import { useOrg, useOrgAlias } from './useOrg';

export function OrgLayout() {
  const alias = useOrgAlias();
  const { query, org } = useOrg(alias);
  const onCollect = useMatch('/orgs/:alias/collect');
  return (
    <QueryState query={query} label="orgs">
      {() =>
        !org ? (
          <main className="iua-main" id="main-content" tabIndex={-1}>
            <Alert variant="error" title="Unknown org">
              No org named “{alias}” is registered. Go back to the home screen to add it.
            </Alert>
          </main>
        ) : (
          <>
            <ContextBar org={org} />
            <div className="iua-body">
              <OrgNav alias={alias} />
              <main className="iua-main" id="main-content" tabIndex={-1}>
                {org.status === 'reauth_needed' && <ReauthBanner org={org} />}
                {!org.currentSnapshotId && !onCollect ? <NoSnapshotYet alias={alias} /> : <Outlet />}
              </main>
            </div>
          </>
        )
      }
    </QueryState>
  );
}

function NoSnapshotYet({ alias }: { alias: string }) {
  return (
    <div className="slds-card slds-p-around_medium">
      <h1 className="slds-text-heading_medium slds-m-bottom_small">No snapshot of {alias} yet</h1>
      <p className="slds-m-bottom_small">
        Every screen reads a snapshot: an immutable copy of the users and permissions of the org. Collect one first; afterwards everything works offline.
      </p>
      <Link className="slds-button slds-button_brand" to={`/orgs/${encodeURIComponent(alias)}/collect`}>
        Collect {alias} now
      </Link>
    </div>
  );
}
