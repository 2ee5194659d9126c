import { useNavigate } from 'react-router';
import { useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { errorTitle } from '../../components/errors';
import { ProgressView } from '../collect/ProgressView';
import { useCollectProgress } from '../collect/useCollectProgress';

/**
 * One click: the back end starts the embedded demo org, registers it, collects it and loads
 * its shipped scope; meanwhile the collection's progress events show here.
 */
export function DemoButton() {
  const navigate = useNavigate();
  const demo = useCallMutation('demo.start');
  const [progress, reset] = useCollectProgress(null);
  function start() {
    reset();
    demo.mutate({}, { onSuccess: (out) => void navigate(`/orgs/${encodeURIComponent(out.orgAlias)}`) });
  }
  return (
    <>
      <button type="button" className="slds-button slds-button_brand" onClick={start} disabled={demo.isPending}>
        Try the demo org
      </button>
      {(demo.isPending || demo.isError) && (
        <div
          className="slds-card slds-p-around_medium slds-m-top_small"
          style={{ position: 'absolute', right: '1rem', width: '32rem', zIndex: 5 }}
          role="region"
          aria-label="Demo org"
        >
          {demo.isPending && (
            <>
              <h2 className="slds-text-heading_small slds-m-bottom_x-small">Starting the demo org…</h2>
              <ProgressView state={progress} />
            </>
          )}
          {demo.isError && (
            <Alert variant="error" title={errorTitle(demo.error)}>
              {demo.error.message}
            </Alert>
          )}
        </div>
      )}
    </>
  );
}
