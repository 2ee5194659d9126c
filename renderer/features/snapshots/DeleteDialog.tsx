import type { SnapshotSummary } from '../../../shared/contract';
import { useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { useSnapshotImport } from './ImportProvider';

/**
 * Deleting a snapshot. A snapshot that a sign-off refers to is refused by the back end; the
 * refusal is shown as it is, with a second, explicit button that deletes the sign-offs too.
 */
export function DeleteDialog({ alias, snapshot, onClose }: { alias: string; snapshot: SnapshotSummary; onClose: () => void }) {
  const del = useCallMutation('snapshots.delete');
  const { notify } = useSnapshotImport();
  const refusedForSignOff = del.isError && del.error.code === 'conflict';
  // Said by a window-wide notice: deleting the last snapshot replaces this screen.
  function remove(force: boolean) {
    del.mutate(
      { orgAlias: alias, id: snapshot.id, force },
      {
        onSuccess: (r) => {
          notify(
            'success',
            'Snapshot deleted',
            `${r.snapshotId} is deleted. ${r.signOffsDeleted.length ? `Also deleted ${r.signOffsDeleted.length} sign-off(s): ${r.signOffsDeleted.map((s) => `${s.system} (by ${s.reviewer})`).join(', ')}. ` : ''}${r.currentSnapshotId ? `The current snapshot is ${r.currentSnapshotId}.` : 'The org has no snapshot now.'}`,
          );
          onClose();
        },
      },
    );
  }
  return (
    <Modal
      title="Delete snapshot"
      size="small"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="slds-button slds-button_neutral" onClick={onClose}>
            Cancel
          </button>
          {!refusedForSignOff && (
            <button type="button" className="slds-button slds-button_destructive" disabled={del.isPending} onClick={() => remove(false)}>
              Delete snapshot
            </button>
          )}
          {refusedForSignOff && (
            <button type="button" className="slds-button slds-button_destructive" disabled={del.isPending} onClick={() => remove(true)}>
              Delete anyway, with its sign-offs
            </button>
          )}
        </>
      }
    >
      <p className="slds-m-bottom_small">
        Snapshot <span className="iua-mono">{snapshot.id}</span>, collected {formatDateTime(snapshot.finishedAt)}
        {snapshot.current ? ' (the current one: the next newest becomes current)' : ''}. Its records, overrides and notes go with it; this cannot be undone. Export it to a file
        first if you may need it again.
      </p>
      {del.isError && (
        <div data-testid="delete-error">
          <Alert variant={refusedForSignOff ? 'warning' : 'error'} title={refusedForSignOff ? 'This snapshot is signed off' : errorTitle(del.error)}>
            {del.error.message}
            {refusedForSignOff && (
              <p className="slds-m-top_x-small">
                <strong>Delete anyway</strong> removes those sign-offs as well: the reviews they closed are no longer signed off.
              </p>
            )}
          </Alert>
        </div>
      )}
    </Modal>
  );
}
