import { useCall } from '../../api/context';
import { Icon } from '../../components/Icon';
import { QueryState } from '../../components/QueryState';
import { downloadText } from '../../lib/download';
import { formatDateTime } from '../../lib/format';

/** Every saved version of the declared scope: who, when, what changed; downloadable as JSON. */
export function ScopeHistory({ alias }: { alias: string }) {
  const history = useCall('scope.history', { orgAlias: alias });
  return (
    <section className="slds-card slds-p-around_medium slds-m-vertical_medium" aria-labelledby="scope-history-heading" data-testid="scope-history">
      <div className="slds-grid slds-grid_align-spread slds-grid_vertical-align-center slds-m-bottom_small">
        <h2 id="scope-history-heading" className="slds-text-heading_small">
          Scope history
        </h2>
        {history.data && history.data.versions.length > 0 && (
          <button
            type="button"
            className="slds-button slds-button_neutral"
            onClick={() => downloadText(`${alias}-scope-history.json`, JSON.stringify(history.data, null, 2) + '\n', 'application/json')}
          >
            <Icon name="download" className="slds-button__icon slds-button__icon_left" />
            Download history (JSON)
          </button>
        )}
      </div>
      <QueryState query={history} label="the scope history">
        {(data) =>
          data.versions.length === 0 ? (
            <p>No scope saved yet.</p>
          ) : (
            <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label="Scope versions">
              <thead>
                <tr className="slds-line-height_reset">
                  <th scope="col">Version</th>
                  <th scope="col">Saved (your time zone)</th>
                  <th scope="col">By</th>
                  <th scope="col">What changed</th>
                </tr>
              </thead>
              <tbody>
                {data.versions.map((v) => (
                  <tr key={v.version}>
                    <th scope="row">{v.version}</th>
                    <td>{formatDateTime(v.at)}</td>
                    <td>{v.author}</td>
                    <td className="slds-cell-wrap">
                      {v.changes.length === 0 ? (
                        'no changes'
                      ) : (
                        <ul>
                          {v.changes.map((c, i) => (
                            <li key={i}>{c}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}

/** The org's append-only activity log: decisions, notes, scope edits, sign-offs, exports. */
export function ActivityLog({ alias }: { alias: string }) {
  const log = useCall('review.activity', { orgAlias: alias });
  return (
    <section className="slds-card slds-p-around_medium slds-m-vertical_medium" aria-labelledby="activity-heading" data-testid="activity-log">
      <details>
        <summary className="slds-text-heading_small slds-text-link" id="activity-heading">
          Activity log{log.data ? ` (${log.data.entries.length})` : ''}
        </summary>
        <QueryState query={log} label="the activity log">
          {(data) => (
            <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-top_small" aria-label="Activity log">
              <thead>
                <tr className="slds-line-height_reset">
                  <th scope="col">When (your time zone)</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">System</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {[...data.entries].reverse().map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.system || '—'}</td>
                    <td className="slds-cell-wrap">{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </details>
    </section>
  );
}
