import type { ProgressState } from './progress';
import { formatDuration, formatRate } from '../../../shared/collect-rate';
import { PHASE_LABEL, progressPercent, progressRate } from './progress';

/** Progress bar, phase in words, and rows per object as they arrive. */
export function ProgressView({ state }: { state: ProgressState }) {
  const budget = state.budget;
  const pct = progressPercent(state);
  const rate = progressRate(state);
  return (
    <div data-testid="collect-progress">
      <div className="slds-grid slds-grid_align-spread slds-m-bottom_xx-small">
        <span role="status">
          {state.phase ? PHASE_LABEL[state.phase] : 'Starting…'}
          {state.objectCount > 0 && state.phase === 'fetch' ? ` (${Math.min(state.objectIndex + 1, state.objectCount)} of ${state.objectCount} objects)` : ''}
        </span>
        <span data-testid="api-calls">
          API calls by this run: <strong>{state.apiCalls.toLocaleString('en-US')}</strong>
          {budget
            ? ` · org's daily usage ${budget.used.toLocaleString('en-US')} of ${budget.limit.toLocaleString('en-US')} (this run stops at ${budget.ceiling.toLocaleString('en-US')} to keep the reserve for the org's integrations)`
            : ''}
        </span>
      </div>
      {rate.perSecond !== null && (
        <p className="slds-text-color_weak slds-m-bottom_xx-small" data-testid="sync-rate">
          {formatRate(rate.perSecond)} records
          {rate.object && rate.timeLeftMs !== null ? ` · about ${formatDuration(rate.timeLeftMs)} left for ${rate.object}` : ''}
        </p>
      )}
      <div className="slds-progress-bar slds-progress-bar_large" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Collection progress" role="progressbar">
        <span className="slds-progress-bar__value" style={{ width: `${pct}%` }}>
          <span className="slds-assistive-text">Progress: {pct}%</span>
        </span>
      </div>
      {state.objects.length > 0 && (
        <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-top_small slds-table_striped" aria-label="Objects collected">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">Object</th>
              <th scope="col">Rows</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {state.objects.map((o) => (
              <tr key={o.object}>
                <th scope="row">{o.object}</th>
                <td>
                  {o.fetched.toLocaleString('en-US')}
                  {o.total !== null ? ` of ${o.total.toLocaleString('en-US')}` : ''}
                </td>
                <td>{o.done ? 'done' : 'fetching…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
