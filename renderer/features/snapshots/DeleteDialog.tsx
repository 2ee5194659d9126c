import type { SnapshotSummary } from '../../../shared/contract';
import { useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';

/**
 * Deleting a snapshot. A snapshot that a sign-off refers to is refused by the back end; the
 * refusal is shown as it is, with a second, explicit button that deletes the sign-offs too.
 */
export function DeleteDialog({ alias, snapshot, onClose }: { alias: string; snapshot: SnapshotSummary; onClose: () => void }) {
  const del = useCallMutation('snapshots.delete');
  const refusedForSignOff = del.isError && del.error.code === 'conflict';
  const done = del.isSuccess;
  return (
    <Modal
      title="Delete snapshot"
      size="small"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="slds-button slds-button_neutral" onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
          {!done && !refusedForSignOff && (
            <button type="button" className="slds-button slds-button_destructive" disabled={del.isPending} onClick={() => del.mutate({ orgAlias: alias, id: snapshot.id, force: false })}>
              Delete snapshot
            </button>
          )}
          {!done && refusedForSignOff && (
            <button type="button" className="slds-button slds-button_destructive" disabled={del.isPending} onClick={() => del.mutate({ orgAlias: alias, id: snapshot.id, force: true })}>
              Delete anyway, with its sign-offs
            </button>
          )}
        </>
      }
    >
      <p className="slds-m-bottom_small">
        Snapshot <span className="iua-mono">{snapshot.id}</span>, collected {formatDateTime(snapshot.finishedAt)}
        {snapshot.current ? ' (the current one: the next newest becomes current)' : ''}. Its records, overrides and notes go with it; this cannot be undone. Export it to a file first if you may need it again.
      </p>
      {del.isError && (
        <div data-testid="delete-error">
          <Alert variant={refusedForSignOff ? 'warning' : 'error'} title={refusedForSignOff ? 'This snapshot is signed off' : errorTitle(del.error)}>
            {del.error.message}
            {refusedForSignOff && <p className="slds-m-top_x-small"><strong>Delete anyway</strong> removes those sign-offs as well: the reviews they closed are no longer signed off.</p>}
          </Alert>
        </div>
      )}
      {done && (
        <Alert variant="success" title="Snapshot deleted" testId="delete-result">
          {del.data.signOffsDeleted.length ? `Also deleted ${del.data.signOffsDeleted.length} sign-off(s): ${del.data.signOffsDeleted.map((s) => `${s.system} (by ${s.reviewer})`).join(', ')}. ` : ''}
          {del.data.currentSnapshotId ? `The current snapshot is ${del.data.currentSnapshotId}.` : 'The org has no snapshot now.'}
        </Alert>
      )}
    </Modal>
  );
}
