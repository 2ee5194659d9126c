import { useEffect, useId, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CallOutput, SnapshotFilePreview } from '../../../shared/contract';
import { CallError, callOrThrow, issueFor, useApi, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { Loading } from '../../components/Spinner';
import { errorTitle } from '../../components/errors';
import { formatDateTime, timeAgo } from '../../lib/format';
import { GapList } from '../collect/GapList';
import { formatBytes, readAsBase64, uploadProblem } from './files';

export type ImportResult = CallOutput<'snapshots.import'>;

/**
 * Stage → preview → confirm. The file is uploaded to the back end's incoming folder first
 * (a page cannot give the back end a path), then validated completely and shown; nothing is
 * stored until the auditor presses Import.
 */
export function ImportDialog({ file, onClose, onImported }: { file: File; onClose: () => void; onImported: (r: ImportResult) => void }) {
  const api = useApi();
  const stage = useMutation<CallOutput<'snapshots.stage'>, CallError, File>({
    mutationFn: async (f) => {
      const problem = uploadProblem(f);
      if (problem) throw new CallError('validation', problem);
      return callOrThrow(api, 'snapshots.stage', { fileName: f.name.slice(0, 255) || 'snapshot.iuasnap', base64: await readAsBase64(f) });
    },
  });
  // Preview changes nothing, so it does not invalidate cached screens the way mutations do.
  const preview = useMutation<SnapshotFilePreview, CallError, { path: string; passphrase?: string; alias?: string }>({
    mutationFn: (input) => callOrThrow(api, 'snapshots.preview', input),
  });
  const imp = useCallMutation('snapshots.import');
  const [passphrase, setPassphrase] = useState('');
  const [alias, setAlias] = useState('');
  const [askPassphrase, setAskPassphrase] = useState(false);
  const [askAlias, setAskAlias] = useState(false);
  const started = useRef(false);
  const formId = useId();
  const fields = useRef<HTMLFormElement>(null);
  // The field that just appeared is what the auditor needs next.
  useEffect(() => {
    if (askPassphrase || askAlias) fields.current?.querySelector('input')?.focus();
  }, [askPassphrase, askAlias]);

  const stagedPath = stage.data?.path;
  const input = () => ({ path: stagedPath!, ...(passphrase ? { passphrase } : {}), ...(askAlias && alias.trim() ? { alias: alias.trim() } : {}) });

  function runPreview(path: string, extra: { passphrase?: string; alias?: string } = {}) {
    preview.mutate(
      { path, ...extra },
      {
        onError: (e) => {
          if (issueFor(e, 'passphrase')) setAskPassphrase(true);
        },
        onSuccess: (p) => {
          if (p.plan.problem) {
            setAskAlias(true);
            setAlias((a) => a || p.plan.alias);
          }
        },
      },
    );
  }

  useEffect(() => {
    // Once per dialog, also under StrictMode's double effects in development.
    if (started.current) return;
    started.current = true;
    stage.mutate(file, { onSuccess: (s) => runPreview(s.path) });
    // Runs once per dialog on purpose: the file is fixed for the dialog's lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per dialog, see above
  }, []);

  function check(e?: React.FormEvent) {
    e?.preventDefault();
    if (!stagedPath) return;
    const { path, ...extra } = input();
    runPreview(path, extra);
  }

  function doImport() {
    if (!stagedPath) return;
    imp.mutate(input(), { onSuccess: onImported, onError: (e) => issueFor(e, 'passphrase') && setAskPassphrase(true) });
  }

  const p = preview.data;
  const ready = !!p && !p.plan.problem && !preview.isPending && !imp.isPending;
  const passphraseError =
    preview.error && issueFor(preview.error, 'passphrase') ? preview.error.message : imp.error && issueFor(imp.error, 'passphrase') ? imp.error.message : undefined;
  const otherError = [stage.error, preview.error, imp.error].find((e) => e && !(issueFor(e, 'passphrase') || issueFor(e, 'alias')));
  const busy = stage.isPending ? `Uploading ${file.name}…` : preview.isPending ? 'Checking the whole file…' : imp.isPending ? 'Importing…' : null;

  return (
    <Modal
      title="Import a snapshot file"
      onClose={onClose}
      size="medium"
      footer={
        <>
          <button type="button" className="slds-button slds-button_neutral" onClick={onClose}>
            Cancel
          </button>
          {(askPassphrase || askAlias) && (
            <button type="submit" form={formId} className="slds-button slds-button_neutral" disabled={!stagedPath || preview.isPending}>
              Check again
            </button>
          )}
          <button type="button" className="slds-button slds-button_brand" onClick={doImport} disabled={!ready}>
            Import
          </button>
        </>
      }
    >
      <p className="slds-m-bottom_small">
        <span className="slds-text-title">File:</span> <span className="iua-mono">{file.name}</span> ({formatBytes(file.size)}). Nothing is stored until you press{' '}
        <strong>Import</strong>.
      </p>
      {busy && (
        <div data-testid="import-busy">
          <Loading label={busy} />
        </div>
      )}
      {otherError && (
        <div data-testid="import-error">
          <Alert variant="error" title={errorTitle(otherError)}>
            {otherError.message}
          </Alert>
        </div>
      )}
      {(askPassphrase || askAlias) && (
        <form id={formId} ref={fields} onSubmit={check} noValidate>
          {askPassphrase && (
            <TextField
              label="Passphrase"
              type="password"
              autoComplete="off"
              value={passphrase}
              onChange={(v) => {
                setPassphrase(v);
                preview.reset();
              }}
              error={passphraseError}
              help="The file is encrypted; the person who exported it has the passphrase."
            />
          )}
          {askAlias && (
            <TextField
              label="Import as org alias"
              value={alias}
              onChange={(v) => {
                setAlias(v);
                preview.reset();
              }}
              error={p?.plan.problem ?? issueFor(preview.error, 'alias') ?? issueFor(imp.error, 'alias')}
              help="The name this org gets in this app."
            />
          )}
        </form>
      )}
      {p && <PreviewDetails p={p} />}
    </Modal>
  );
}

function PreviewDetails({ p }: { p: SnapshotFilePreview }) {
  const s = p.snapshot;
  return (
    <div data-testid="import-preview">
      <dl className="slds-dl_horizontal slds-m-bottom_small">
        <dt className="slds-dl_horizontal__label">Org</dt>
        <dd className="slds-dl_horizontal__detail" data-testid="preview-org">
          {s.orgName} <span className="iua-mono">({s.orgId})</span>
        </dd>
        <dt className="slds-dl_horizontal__label">Instance</dt>
        <dd className="slds-dl_horizontal__detail iua-mono">{s.instanceUrl}</dd>
        <dt className="slds-dl_horizontal__label">Collected</dt>
        <dd className="slds-dl_horizontal__detail">
          {formatDateTime(s.finishedAt)} ({timeAgo(s.finishedAt)})
        </dd>
        <dt className="slds-dl_horizontal__label">API version</dt>
        <dd className="slds-dl_horizontal__detail">{s.apiVersion}</dd>
        <dt className="slds-dl_horizontal__label">Auditing user</dt>
        <dd className="slds-dl_horizontal__detail">{s.auditingUsername}</dd>
        <dt className="slds-dl_horizontal__label">Records</dt>
        <dd className="slds-dl_horizontal__detail" data-testid="preview-records">
          {s.recordCount.toLocaleString('en-US')} in {s.objects.length} objects
        </dd>
        <dt className="slds-dl_horizontal__label">Encryption</dt>
        <dd className="slds-dl_horizontal__detail">{p.encrypted ? 'Encrypted with a passphrase (verified)' : 'Not encrypted'}</dd>
        <dt className="slds-dl_horizontal__label">Snapshot</dt>
        <dd className="slds-dl_horizontal__detail iua-mono">{s.id}</dd>
        <dt className="slds-dl_horizontal__label">Content hash</dt>
        <dd className="slds-dl_horizontal__detail iua-mono">{s.contentHash}</dd>
        <dt className="slds-dl_horizontal__label">Exported</dt>
        <dd className="slds-dl_horizontal__detail">
          {formatDateTime(p.exportedAt)} by app {p.exportedByAppVersion} · format {p.formatVersion}
        </dd>
      </dl>
      {p.plan.problem ? (
        <Alert variant="warning" title="It cannot be imported as it is">
          {p.plan.problem}
        </Alert>
      ) : (
        <div data-testid="import-plan">
          <Alert variant="info" title="What Import will do">
            {p.plan.createsOrg
              ? `Create an offline org “${p.plan.alias}” (no connection, nothing to sign in to) and add this snapshot.`
              : `Add this snapshot to the org “${p.plan.alias}”.`}{' '}
            {p.plan.becomesCurrent ? 'It becomes the org’s current snapshot.' : 'It is older than the current snapshot and is kept beside it.'}
          </Alert>
        </div>
      )}
      <GapList gaps={s.gaps} />
      <details className="slds-m-top_small">
        <summary className="slds-text-link">Rows per object ({s.objects.length})</summary>
        <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-top_x-small" aria-label="Rows per object in the file">
          <thead>
            <tr className="slds-line-height_reset">
              <th scope="col">Object</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {s.objects.map((o) => (
              <tr key={o.object}>
                <th scope="row">{o.object}</th>
                <td>{o.count.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
