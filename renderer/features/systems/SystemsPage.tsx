import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCall, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { errorTitle } from '../../components/errors';
import { downloadText } from '../../lib/download';
import { useEvaluation, useOrgAlias, useOrgPath } from '../org/useOrg';
import { CarryForwardOffer } from '../checklist/CarryForwardOffer';
import { useReviewerName } from '../checklist/reviewer';
import { ActivityLog, ScopeHistory } from './ScopeHistory';
import { ReviewSettings } from './ReviewSettings';

export function SystemsPage() {
  const alias = useOrgAlias();
  const path = useOrgPath();
  const navigate = useNavigate();
  const scope = useCall('scope.get', { orgAlias: alias });
  const view = useEvaluation();
  const templates = useCall('scope.templates', {});
  const importScope = useCallMutation('scope.import');
  const exportScope = useCallMutation('scope.export');
  const [template, setTemplate] = useState('');
  const [author] = useReviewerName();
  const state = new Map((view.data?.reviews ?? []).map((r) => [r.system, r.state]));

  async function onFile(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    const format = /\.json$/i.test(file.name) ? 'json' : 'yaml';
    importScope.mutate({ orgAlias: alias, text, fileName: file.name, format, ...(author.trim() ? { author } : {}) });
  }
  function onExport(format: 'yaml' | 'json') {
    exportScope.mutate(
      { orgAlias: alias, format },
      { onSuccess: (out) => downloadText(`${alias}-scope.${out.format === 'json' ? 'json' : 'yaml'}`, out.text, out.format === 'json' ? 'application/json' : 'application/yaml') },
    );
  }

  return (
    <>
      <PageHeader
        title="Systems"
        meta="Each external system, who runs it, what it legitimately needs (its declared scope) and which users it runs as."
        actions={
          <Link className="slds-button slds-button_brand" to={path('systems/new')}>
            <Icon name="add" className="slds-button__icon slds-button__icon_left" />
            New system
          </Link>
        }
      />
      {view.data && <CarryForwardOffer alias={alias} view={view.data} />}
      <QueryState query={scope} label="the declared scope">
        {(data) => (
          <section className="slds-card slds-m-bottom_medium" aria-label="Declared systems">
            {data.scope.systems.length === 0 ? (
              <p className="slds-p-around_medium">No systems declared yet. Start from a template or import a scope file below.</p>
            ) : (
              <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Declared systems">
                <thead>
                  <tr className="slds-line-height_reset">
                    <th scope="col">System</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Users</th>
                    <th scope="col">Objects</th>
                    <th scope="col">Review</th>
                    <th scope="col">
                      <span className="slds-assistive-text">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.scope.systems.map((s) => (
                    <tr key={s.name}>
                      <th scope="row" className="iua-cell-wrap">
                        <div>{s.name}</div>
                        <div className="slds-text-body_small slds-text-color_weak slds-truncate" style={{ maxWidth: '16rem' }} title={s.purpose}>
                          {s.purpose}
                        </div>
                      </th>
                      <td className="iua-cell-wrap">{s.owner || <span className="slds-text-color_error">no owner</span>}</td>
                      <td className="iua-cell-wrap">{s.users.length ? s.users.map((u, i) => <BreakableUsername key={u} username={u} last={i === s.users.length - 1} />) : '—'}</td>
                      <td>{Object.keys(s.objects).length}</td>
                      <td>{state.get(s.name) ?? 'not started'}</td>
                      <td>
                        {/* Wide enough for its three buttons on one row; the owner and users columns wrap instead. */}
                        <div className="iua-actions" style={{ minWidth: '15.25rem' }}>
                          <Link className="slds-button slds-button_neutral" to={path(`systems/${encodeURIComponent(s.name)}/checklist`)} aria-label={`Checklist for ${s.name}`}>
                            Checklist
                          </Link>
                          <Link className="slds-button slds-button_neutral" to={path(`systems/${encodeURIComponent(s.name)}/right-size`)} aria-label={`Right-size ${s.name}`}>
                            Right-size
                          </Link>
                          <Link className="slds-button slds-button_neutral" to={path(`systems/${encodeURIComponent(s.name)}/edit`)} aria-label={`Edit ${s.name}`}>
                            Edit
                          </Link>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {data.warnings.length > 0 && (
              <div className="slds-p-around_small">
                <Alert variant="warning" title="Scope warnings against the current snapshot">
                  <ul className="slds-list_dotted">
                    {data.warnings.map((w) => (
                      <li key={w.path + w.reason}>
                        {w.path}: {w.reason}
                      </li>
                    ))}
                  </ul>
                </Alert>
              </div>
            )}
          </section>
        )}
      </QueryState>

      <div className="slds-grid slds-gutters slds-wrap">
        <section className="slds-col slds-size_1-of-2" aria-labelledby="tpl-heading">
          <div className="slds-card slds-p-around_medium">
            <h2 id="tpl-heading" className="slds-text-heading_small slds-m-bottom_small">
              Start from a template
            </h2>
            <div className="slds-form-element slds-m-bottom_small">
              <label className="slds-form-element__label" htmlFor="tpl-select">
                Template
              </label>
              <div className="slds-select_container">
                <select id="tpl-select" className="slds-select" value={template} onChange={(e) => setTemplate(e.target.value)}>
                  <option value="">Choose…</option>
                  {(templates.data ?? []).map((t) => (
                    <option key={t.name} value={t.name}>
                      {t.system.name}: {t.title}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button type="button" className="slds-button slds-button_neutral" disabled={!template} onClick={() => navigate(withParam(path('systems/new'), 'template', template))}>
              New system from template
            </button>
          </div>
        </section>
        <section className="slds-col slds-size_1-of-2" aria-labelledby="file-heading">
          <div className="slds-card slds-p-around_medium">
            <h2 id="file-heading" className="slds-text-heading_small slds-m-bottom_small">
              Scope files
            </h2>
            <p className="slds-m-bottom_small slds-text-body_small">Importing replaces the scope of every system of this org. Keep the file in version control.</p>
            <div className="slds-form-element slds-m-bottom_small">
              <label className="slds-form-element__label" htmlFor="scope-file">
                Import a scope file (YAML or JSON)
              </label>
              <input id="scope-file" type="file" accept=".yaml,.yml,.json" className="slds-input" onChange={(e) => void onFile(e.target.files?.[0])} />
            </div>
            {importScope.isSuccess && <Alert variant="success">Imported {importScope.data.systems} system(s).</Alert>}
            {importScope.isError && (
              <div data-testid="scope-import-errors">
                <Alert variant="error" title={errorTitle(importScope.error)}>
                  {importScope.error.message} The current scope was kept.
                  {importScope.error.issues && (
                    <ul className="slds-list_dotted">
                      {importScope.error.issues.map((i) => (
                        <li key={i.path + i.message}>
                          <span className="iua-mono">{i.path}</span>: {i.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </Alert>
              </div>
            )}
            <button type="button" className="slds-button slds-button_neutral" onClick={() => onExport('yaml')}>
              <Icon name="download" className="slds-button__icon slds-button__icon_left" />
              Export YAML
            </button>
            <button type="button" className="slds-button slds-button_neutral" onClick={() => onExport('json')}>
              <Icon name="download" className="slds-button__icon slds-button__icon_left" />
              Export JSON
            </button>
          </div>
        </section>
      </div>
      <ReviewSettings alias={alias} />
      <ScopeHistory alias={alias} />
      <ActivityLog alias={alias} />
    </>
  );
}

/** A username that may wrap after its "@" (rather than widen the table), then anywhere if it must. */
function BreakableUsername({ username, last }: { username: string; last: boolean }) {
  const at = username.indexOf('@');
  return (
    <span>
      {at < 0 ? (
        username
      ) : (
        <>
          {username.slice(0, at + 1)}
          <wbr />
          {username.slice(at + 1)}
        </>
      )}
      {last ? '' : ', '}
    </span>
  );
}

function withParam(url: string, key: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`;
}
