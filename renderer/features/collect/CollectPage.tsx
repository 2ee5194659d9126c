import { useState } from 'react';
import { Link } from 'react-router';
import { useCall, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Checkbox, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { errorTitle } from '../../components/errors';
import { useOrg, useOrgAlias } from '../org/useOrg';
import { AddOrgDialog } from '../home/AddOrgDialog';
import { reconnectForm } from '../home/authMethods';
import { GapList } from './GapList';
import { parseCollectOptions } from './options';
import { ProgressView } from './ProgressView';
import { useCollectProgress } from './useCollectProgress';

export function CollectPage() {
  const alias = useOrgAlias();
  const { org } = useOrg(alias);
  const [progress, reset] = useCollectProgress(alias);
  const start = useCallMutation('collect.start');
  const cancel = useCallMutation('collect.cancel');
  const [full, setFull] = useState(false);
  const [lookback, setLookback] = useState('');
  const [reserve, setReserve] = useState('20');
  const [reconnect, setReconnect] = useState(false);
  const last = useCall('snapshots.get', { id: org?.currentSnapshotId ?? '' }, { enabled: !!org?.currentSnapshotId && !start.isPending });

  const [invalid, setInvalid] = useState<{ lookback?: string; reserve?: string }>({});

  function run() {
    const parsed = parseCollectOptions(lookback, reserve);
    if (!parsed.ok) {
      setInvalid(parsed.errors);
      return;
    }
    setInvalid({});
    reset();
    start.mutate({ alias, full, ...parsed.options });
  }

  return (
    <>
      <PageHeader title={`Collect ${alias}`} meta="Read-only: the app only queries the org, it never changes anything there." />
      <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Collection options">
        <div className="slds-grid slds-gutters slds-wrap">
          <div className="slds-col slds-size_1-of-3">
            <TextField
              label="Look back (days)"
              value={lookback}
              onChange={setLookback}
              placeholder="default"
              help="How far back logins and setup changes are read."
              error={invalid.lookback}
            />
          </div>
          <div className="slds-col slds-size_1-of-3">
            <TextField
              label="Keep this % of the daily API limit untouched"
              value={reserve}
              onChange={setReserve}
              help="The collection stops before eating into it."
              error={invalid.reserve}
            />
          </div>
          <div className="slds-col slds-size_1-of-3 slds-p-top_large">
            <Checkbox label="Permissions of every permission set (slower)" checked={full} onChange={setFull} />
          </div>
        </div>
        <div className="slds-m-top_small">
          <button type="button" className="slds-button slds-button_brand" onClick={run} disabled={start.isPending}>
            {start.isPending ? 'Collecting…' : 'Collect now'}
          </button>
          {start.isPending && (
            <button type="button" className="slds-button slds-button_destructive slds-m-left_x-small" onClick={() => cancel.mutate({ alias })} disabled={cancel.isPending}>
              Cancel collection
            </button>
          )}
        </div>
      </section>

      {(start.isPending || progress.phase) && (
        <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Collection progress">
          <ProgressView state={progress} />
        </section>
      )}

      {start.isError && (
        <div data-testid="collect-failed">
          <Alert
            variant="error"
            title={start.error.code === 'cancelled' ? 'Collection cancelled: nothing was kept' : `Collection failed: ${errorTitle(start.error).toLowerCase()}`}
          >
            <p>{start.error.message}</p>
            <p className="slds-m-top_x-small">
              No partial snapshot was stored; earlier snapshots are unchanged.{start.error.code === 'auth_required' ? ' Sign in to the org again, then collect again.' : ''}
            </p>
            {start.error.code === 'auth_required' && org && (
              <button type="button" className="slds-button slds-button_neutral slds-m-top_x-small" onClick={() => setReconnect(true)}>
                Reconnect {alias}
              </button>
            )}
          </Alert>
          {reconnect && org && <AddOrgDialog onClose={() => setReconnect(false)} initial={reconnectForm(org)} />}
        </div>
      )}

      {start.isSuccess && (
        <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Collection result" data-testid="collect-done">
          <h2 className="slds-text-heading_small slds-m-bottom_small">Snapshot stored</h2>
          <p>
            {Object.values(start.data.counts)
              .reduce((a, b) => a + b, 0)
              .toLocaleString('en-US')}{' '}
            records from {Object.keys(start.data.counts).length} objects, using {start.data.apiCalls.toLocaleString('en-US')} API calls.
          </p>
          <GapList gaps={start.data.gaps} />
          <Link className="slds-button slds-button_brand slds-m-top_small" to={`/orgs/${encodeURIComponent(alias)}`}>
            Open the dashboard
          </Link>
        </section>
      )}

      {!start.isPending && !start.isSuccess && last.data && (
        <section className="slds-card slds-p-around_medium" aria-label="Last collection">
          <h2 className="slds-text-heading_small slds-m-bottom_small">Last collection</h2>
          <p className="slds-m-bottom_small">
            {last.data.recordCount.toLocaleString('en-US')} records, {last.data.apiCalls.toLocaleString('en-US')} API calls.
          </p>
          <GapList gaps={last.data.gaps} />
        </section>
      )}
    </>
  );
}
