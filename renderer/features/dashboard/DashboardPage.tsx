import { useMemo } from 'react';
import { Link } from 'react-router';
import type { AuditView } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { classificationLabel } from '../../components/Badges';
import { Chart } from '../../components/Chart';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { timeAgo } from '../../lib/format';
import { openFindings, reviewProgress } from '../home/orgStats';
import { useEvaluation, useOrgAlias, useOrgPath } from '../org/useOrg';
import { CLASSIFICATIONS, classificationCounts, findingsByCheck, personAccountRisks, usersBySystem } from './summary';
import { FindingsChart } from './FindingsChart';
import { OrgChecks } from './OrgChecks';
import { RootCauses } from './RootCauses';

export function DashboardPage() {
  const view = useEvaluation();
  const alias = useOrgAlias();
  return (
    <QueryState query={view} label="the evaluation">
      {(data) => <Dashboard view={data} alias={alias} />}
    </QueryState>
  );
}

function Dashboard({ view, alias }: { view: AuditView; alias: string }) {
  const e = view.evaluation;
  const path = useOrgPath();
  const risks = useMemo(() => personAccountRisks(e), [e]);
  const counts = useMemo(() => classificationCounts(e.users), [e]);
  const bySystem = useMemo(() => usersBySystem(e), [e]);
  const findings = useMemo(() => findingsByCheck(e), [e]);
  const progress = reviewProgress(view);
  const reviewState = new Map(view.reviews.map((r) => [r.system, r.state]));
  const bySystemOption = useMemo(
    () => ({
      grid: { left: 160, right: 20, top: 10, bottom: 30 },
      tooltip: {},
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: bySystem.map((r) => r.system), inverse: true },
      series: [{ type: 'bar', name: 'Users', data: bySystem.map((r) => r.users), itemStyle: { color: '#0176d3' } }],
    }),
    [bySystem],
  );
  return (
    <>
      <PageHeader
        title={`Dashboard: ${alias}`}
        meta={`Evaluated as of ${timeAgo(e.asOf)} · ${openFindings(e)} open findings · ${progress.signedOff} of ${progress.total} systems signed off`}
      />

      {risks.length > 0 && (
        <section aria-labelledby="risk-heading" className="slds-m-bottom_medium" data-testid="person-account-risks">
          <h2 id="risk-heading" className="slds-text-heading_small slds-m-bottom_x-small">
            People’s accounts used as integrations
          </h2>
          {risks.map((r) => (
            <Alert key={r.user.id} variant="error">
              <span data-testid="risk-sentence">{r.sentence}</span>{' '}
              <Link to={path(`users/${r.user.id}`)} className="slds-m-left_x-small">
                See {r.user.name ?? r.user.username}
              </Link>
            </Alert>
          ))}
        </section>
      )}

      {view.scopeWarnings.length > 0 && (
        <Alert variant="warning" title="The declared scope does not match this snapshot everywhere">
          <ul className="slds-list_dotted">
            {view.scopeWarnings.slice(0, 8).map((w) => (
              <li key={w.path + w.reason}>
                {w.path}: {w.reason}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="slds-grid slds-gutters slds-wrap">
        <section className="slds-col slds-size_1-of-1 slds-large-size_1-of-2 slds-m-bottom_medium" aria-labelledby="class-heading">
          <div className="slds-card slds-p-around_medium" style={{ height: '100%' }}>
            <h2 id="class-heading" className="slds-text-heading_small slds-m-bottom_small">
              Users by classification
            </h2>
            <ul className="slds-grid slds-wrap slds-gutters_x-small" data-testid="classification-counts">
              {CLASSIFICATIONS.map((c) => (
                <li key={c} className="slds-col slds-size_1-of-3 slds-m-bottom_small">
                  <div className="slds-box slds-box_x-small slds-text-align_center">
                    <div className="slds-text-heading_large">{counts[c]}</div>
                    <div className="slds-text-body_small">{classificationLabel(c)}</div>
                  </div>
                </li>
              ))}
            </ul>
            <Link to={path('users')}>See the integration users</Link>
          </div>
        </section>
        <section className="slds-col slds-size_1-of-1 slds-large-size_1-of-2 slds-m-bottom_medium" aria-labelledby="sys-heading">
          <div className="slds-card slds-p-around_medium" style={{ height: '100%' }}>
            <h2 id="sys-heading" className="slds-text-heading_small slds-m-bottom_small">
              Integration users by system
            </h2>
            <Chart
              option={bySystemOption}
              height={Math.max(140, bySystem.length * 28 + 40)}
              description={`Bar chart of integration users per system: ${bySystem.map((r) => `${r.system} ${r.users}`).join(', ')}.`}
            />
            <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Systems">
              <thead>
                <tr className="slds-line-height_reset">
                  <th scope="col">System</th>
                  <th scope="col">Users</th>
                  <th scope="col">Review</th>
                </tr>
              </thead>
              <tbody>
                {bySystem.map((r) => (
                  <tr key={r.system}>
                    <th scope="row">
                      {e.systems.some((s) => s.name === r.system) ? <Link to={path(`systems/${encodeURIComponent(r.system)}/checklist`)}>{r.system}</Link> : r.system}
                    </th>
                    <td>{r.users}</td>
                    <td>{reviewState.get(r.system) ?? (e.systems.some((s) => s.name === r.system) ? 'not started' : '—')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <FindingsChart findings={findings} />
      <RootCauses systems={e.systems} fileBase={alias} />
      <OrgChecks view={view} alias={alias} />
    </>
  );
}
