import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { UserDetail } from '../../../shared/contract';
import { useCall } from '../../api/context';
import { ClassificationBadge } from '../../components/Badges';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { RecordsTable } from '../../components/RecordsTable';
import { Tabs } from '../../components/Tabs';
import { useEvaluation, useOrgAlias, useOrgPath, useSnapshotChoice } from '../org/useOrg';
import { AccessView } from './AccessView';
import { usageOfUser } from './usage';
import { LoginTimeline } from './LoginTimeline';
import { OpenFindings } from './OpenFindings';

export function UserDetailPage() {
  const { userId = '' } = useParams();
  const alias = useOrgAlias();
  const snapshotId = useSnapshotChoice();
  const detail = useCall('audit.user', { orgAlias: alias, userId, ...(snapshotId ? { snapshotId } : {}) });
  return (
    <QueryState query={detail} label="the user">
      {(d) => <Detail detail={d} />}
    </QueryState>
  );
}

type TabKey = 'access' | 'logins' | 'oauth' | 'changes';

function Detail({ detail }: { detail: UserDetail }) {
  const { user, access } = detail;
  const path = useOrgPath();
  const alias = useOrgAlias();
  const snapshotId = useSnapshotChoice();
  // Usage only for users a system declares; the usage report is per declared system.
  const usage = useCall('usage.report', { orgAlias: alias, ...(snapshotId ? { snapshotId } : {}) }, { enabled: user.systems.length > 0 });
  const usageByObject = usage.data ? usageOfUser(usage.data.report, user.id) : undefined;
  const [tab, setTab] = useState<TabKey>('access');
  // Names beside the user Ids of the changes (who made them), as IU-13's evidence shows them.
  const evaluation = useEvaluation();
  const people = useMemo(() => new Map((evaluation.data?.evaluation.users ?? []).map((u) => [u.id, { Name: u.name, Username: u.username }])), [evaluation.data]);
  const userOf = useCallback((id: string) => people.get(id), [people]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="slds-m-bottom_x-small">
        <ol className="slds-breadcrumb slds-list_horizontal slds-wrap">
          <li className="slds-breadcrumb__item">
            <Link to={path('users')}>Integration users</Link>
          </li>
          <li className="slds-breadcrumb__item">
            <span aria-current="page">{user.username}</span>
          </li>
        </ol>
      </nav>
      <PageHeader
        title={user.username}
        meta={
          <>
            <ClassificationBadge value={user.classification} /> {user.name ?? ''} · {user.license ?? 'unknown license'} · profile {user.profile ?? 'unknown'} ·{' '}
            {user.isActive ? 'active' : 'inactive'}
            {user.systems.length > 0 ? ` · systems: ${user.systems.join(', ')}` : ' · no declared system'}
          </>
        }
      />
      <OpenFindings userId={user.id} />
      <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="reasons-heading">
        <h2 id="reasons-heading" className="slds-text-heading_small slds-m-bottom_x-small">
          Why this classification
        </h2>
        <ul className="slds-list_dotted" data-testid="classification-reasons">
          {user.reasons.map((r, i) => (
            <li key={i}>
              {r.text}
              {r.recordIds.length > 0 && (
                <span className="slds-text-body_small slds-text-color_weak iua-mono">
                  {' '}
                  ({r.recordIds.slice(0, 3).join(', ')}
                  {r.recordIds.length > 3 ? ', …' : ''})
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <Tabs<TabKey>
        label="User details"
        active={tab}
        onChange={setTab}
        tabs={[
          {
            key: 'access',
            label: 'Effective access',
            content: access ? <AccessView access={access} usage={usageByObject} /> : <p>No effective access: the user is not in this snapshot’s permission data.</p>,
          },
          {
            key: 'logins',
            label: `Logins (${detail.logins.length})`,
            content: (
              <>
                <LoginTimeline logins={detail.logins} />
                <RecordsTable label="Logins" records={detail.logins} fields={['LoginTime', 'LoginType', 'Application', 'SourceIp', 'Status', 'ApiType', 'Platform', 'Browser']} />
              </>
            ),
          },
          {
            key: 'oauth',
            label: `OAuth apps (${detail.oauthTokens.length})`,
            content: <RecordsTable label="OAuth apps" records={detail.oauthTokens} emptyText="No OAuth tokens." userOf={userOf} />,
          },
          {
            key: 'changes',
            label: `Changes in period (${detail.changes.length})`,
            content: <RecordsTable label="Changes in period" records={detail.changes} emptyText="No setup changes in the period." userOf={userOf} />,
          },
        ]}
      />
    </>
  );
}
