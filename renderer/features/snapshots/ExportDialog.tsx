import { useEffect, useRef, useState } from 'react';
import type { SnapshotSummary } from '../../../shared/contract';
import { issueFor, useCall, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { FilePathEntry } from '../../components/CopyButton';
import { Checkbox, TextField } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { defaultExportPath, formatBytes } from './files';

/**
 * Writes one snapshot to a .iuasnap file. The file is written by the back end, so the path is
 * on its machine (the same one in the desktop app and in browser mode); the default is the
 * data directory's exports folder, and the written path is shown to copy.
 */
export function ExportDialog({ alias, snapshot, onClose }: { alias: string; snapshot: SnapshotSummary; onClose: () => void }) {
  const info = useCall('app.info', {});
  const exp = useCallMutation('snapshots.export');
  const [outPath, setOutPath] = useState<string | null>(null);
  const [encrypt, setEncrypt] = useState(false);
  const [pass1, setPass1] = useState('');
  const [pass2, setPass2] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const result = useRef<HTMLDivElement>(null);
  // The submit button is disabled while writing, which drops focus; hand it to the result.
  useEffect(() => {
    if (exp.isSuccess) result.current?.focus();
  }, [exp.isSuccess]);
  const path = outPath ?? (info.data ? defaultExportPath(info.data.dataDir, alias, snapshot.id) : '');

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!path.trim()) errs.outPath = 'Where should the file go? Give a full path.';
    if (encrypt && pass1.length < 1) errs.passphrase = 'Type a passphrase, or untick encryption.';
    else if (encrypt && pass1 !== pass2) errs.passphrase2 = 'The two passphrases differ.';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    exp.mutate({ orgAlias: alias, snapshotId: snapshot.id, outPath: path.trim(), ...(encrypt ? { passphrase: pass1 } : {}) });
  }
  const general = exp.isError && !issueFor(exp.error, 'outPath') && !issueFor(exp.error, 'passphrase');
  return (
    <Modal
      title="Export snapshot file"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="slds-button slds-button_neutral" onClick={onClose}>
            {exp.isSuccess ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" form="snapshot-export-form" className="slds-button slds-button_brand" disabled={exp.isPending || !path}>
            {exp.isPending ? 'Writing…' : 'Write file'}
          </button>
        </>
      }
    >
      <form id="snapshot-export-form" onSubmit={submit} noValidate>
        <p className="slds-m-bottom_small">
          Snapshot <span className="iua-mono">{snapshot.id}</span> of {snapshot.orgName}, collected {formatDateTime(snapshot.finishedAt)}:{' '}
          {snapshot.recordCount.toLocaleString('en-US')} records. The file never contains credentials, but it names users and their access.
        </p>
        <TextField
          label="File path"
          required
          value={path}
          onChange={setOutPath}
          error={local.outPath ?? issueFor(exp.error, 'outPath')}
          help="A full path on the machine running the app’s back end (this computer); the folder must exist, except the default exports folder."
        />
        <Checkbox label="Encrypt with a passphrase" checked={encrypt} onChange={setEncrypt} />
        {encrypt && (
          <div className="slds-m-top_small">
            <TextField
              label="Passphrase"
              type="password"
              autoComplete="new-password"
              required
              value={pass1}
              onChange={setPass1}
              error={local.passphrase ?? issueFor(exp.error, 'passphrase')}
              help="Give it to the auditor by another channel than the file."
            />
            <TextField label="Passphrase again" type="password" autoComplete="new-password" required value={pass2} onChange={setPass2} error={local.passphrase2} />
          </div>
        )}
      </form>
      {general && (
        <Alert variant="error" title={errorTitle(exp.error)}>
          {exp.error!.message}
        </Alert>
      )}
      {exp.isSuccess && (
        <div data-testid="snapshot-export-result" ref={result} tabIndex={-1}>
          <Alert variant="success" title="Snapshot file written">
            {formatBytes(exp.data.bytes)}, {exp.data.recordCount.toLocaleString('en-US')} records{exp.data.encrypted ? ', encrypted' : ''}.
          </Alert>
          <dl>
            <FilePathEntry path={exp.data.path} testId="snapshot-export-path" />
            <dt className="slds-text-title">Content hash</dt>
            <dd className="iua-mono slds-m-bottom_x-small">{exp.data.contentHash}</dd>
            <dt className="slds-text-title">Payload hash</dt>
            <dd className="iua-mono">{exp.data.payloadHash}</dd>
          </dl>
        </div>
      )}
    </Modal>
  );
}
