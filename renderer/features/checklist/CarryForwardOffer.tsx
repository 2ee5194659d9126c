import type { AuditView, CarryForwardResult } from '../../../shared/contract';
import { useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';

const where = (c: { checkId: string; systemName: string | null; username: string | null }) => `${c.systemName ?? 'Org-wide'} · ${c.checkId}${c.username ? ` (${c.username})` : ''}`;

/**
 * A new snapshot of an org reviewed before: offer to carry the earlier decisions whose result and
 * evidence are unchanged; afterwards, list the ones that changed (left open) and expired exceptions.
 */
export function CarryForwardOffer({ alias, view }: { alias: string; view: AuditView }) {
  const carry = useCallMutation('review.carryForward');
  const done: CarryForwardResult | undefined = carry.data;
  if (done) {
    const flagged = [...done.changed.map((c) => `${where(c)}: ${c.reason}`), ...done.expired.map((e) => `${where(e)}: exception expired on ${e.expiresAt}, open again`)];
    return (
      <Alert
        variant={flagged.length ? 'warning' : 'success'}
        title={`${done.carried} decision(s) carried forward from snapshot ${done.fromSnapshotId}`}
        testId="carry-forward-result"
      >
        {flagged.length > 0 ? (
          <>
            <p>These were not carried: decide them again.</p>
            <ul className="slds-list_dotted">
              {flagged.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>Every earlier decision still matched its result and evidence.</p>
        )}
      </Alert>
    );
  }
  const offer = view.carryForward;
  if (!offer) return null;
  return (
    <div className="iua-no-print" data-testid="carry-forward-offer">
      <Alert variant="info" title="This org was reviewed before">
        <p>
          Snapshot <span className="iua-mono">{offer.fromSnapshotId}</span> ({formatDateTime(offer.fromTakenAt)}) has {offer.decisions} recorded decision(s). Carry forward each one
          whose result and evidence are unchanged in this snapshot; the others are listed for you to decide again.
        </p>
        {carry.isError && (
          <p role="alert">
            {errorTitle(carry.error)}: {carry.error.message}
          </p>
        )}
        <button type="button" className="slds-button slds-button_brand slds-m-top_x-small" disabled={carry.isPending} onClick={() => carry.mutate({ orgAlias: alias })}>
          Carry forward unchanged decisions
        </button>
      </Alert>
    </div>
  );
}
