import { useEffect, useState } from 'react';
import { useCall, useCallMutation, issueFor } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Checkbox, SelectField } from '../../components/Field';
import { CopyButton, FilePathEntry } from '../../components/CopyButton';
import { PageHeader } from '../../components/PageHeader';
import { errorTitle } from '../../components/errors';
import { snapshotLabel } from '../../lib/format';
import { useEvaluation, useOrgAlias, useSnapshotChoice } from '../org/useOrg';
import { VerifyPanel } from './VerifyPanel';

export function EvidencePage() {
  const alias = useOrgAlias();
  const chosen = useSnapshotChoice();
  const snapshots = useCall('snapshots.list', { alias });
  const view = useEvaluation();
  const exp = useCallMutation('evidence.export');
  const list = snapshots.data?.snapshots ?? [];
  const systems = view.data?.evaluation.systems.map((s) => s.name) ?? [];
  const [snapshotId, setSnapshotId] = useState(chosen ?? '');
  const [since, setSince] = useState('');
  const [format, setFormat] = useState<'xlsx' | 'json' | 'csv'>('xlsx');
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const selected = picked ?? new Set(systems);
  useEffect(() => setSnapshotId(chosen ?? ''), [chosen]);

  function run(e: React.FormEvent) {
    e.preventDefault();
    exp.mutate({
      orgAlias: alias,
      format,
      ...(snapshotId ? { snapshotId } : {}),
      ...(since ? { since } : {}),
      ...(picked ? { systems: [...selected] } : {}),
    });
  }
  const opts = (empty: string) => [{ value: '', label: empty }, ...list.map((s) => ({ value: s.id, label: snapshotLabel(s) }))];
  return (
    <>
      <PageHeader title="Evidence" meta="Export a pack for your workpapers: every check, every override and sign-off, hashed so anyone can verify it later." />
      <div className="slds-grid slds-gutters slds-wrap">
        <section className="slds-col slds-size_1-of-2" aria-labelledby="export-heading">
          <form className="slds-card slds-p-around_medium" onSubmit={run} noValidate>
            <h2 id="export-heading" className="slds-text-heading_small slds-m-bottom_small">
              Export a pack
            </h2>
            <SelectField label="Snapshot" value={snapshotId} onChange={setSnapshotId} options={opts('Current snapshot')} error={issueFor(exp.error, 'snapshotId')} />
            <SelectField
              label="Changes since (optional)"
              value={since}
              onChange={setSince}
              options={opts('No comparison')}
              error={issueFor(exp.error, 'since')}
              help="Adds a drift sheet against this earlier snapshot."
            />
            <fieldset className="slds-form-element slds-m-bottom_small">
              <legend className="slds-form-element__legend slds-form-element__label">Systems</legend>
              {systems.map((s) => (
                <Checkbox
                  key={s}
                  label={s}
                  checked={selected.has(s)}
                  onChange={(on) => {
                    const next = new Set(selected);
                    if (on) next.add(s);
                    else next.delete(s);
                    setPicked(next);
                  }}
                />
              ))}
            </fieldset>
            <SelectField
              label="Format"
              value={format}
              onChange={(v) => setFormat(v as typeof format)}
              options={[
                { value: 'xlsx', label: 'Excel workbook (.xlsx)' },
                { value: 'json', label: 'JSON' },
                { value: 'csv', label: 'CSV (zip)' },
              ]}
            />
            <button type="submit" className="slds-button slds-button_brand" disabled={exp.isPending || (picked !== null && selected.size === 0)}>
              {exp.isPending ? 'Exporting…' : 'Export evidence pack'}
            </button>
            {exp.isError && (
              <div className="slds-m-top_small">
                <Alert variant="error" title={errorTitle(exp.error)}>
                  {exp.error.message}
                </Alert>
              </div>
            )}
            {exp.isSuccess && (
              <div className="slds-m-top_small" data-testid="export-result">
                <Alert variant="success" title="Evidence pack written">
                  {exp.data.rows.toLocaleString('en-US')} rows.
                </Alert>
                <dl>
                  <FilePathEntry path={exp.data.path} testId="export-path" />
                  <dt className="slds-text-title">Pack digest (SHA-256)</dt>
                  <dd>
                    <span className="iua-mono" data-testid="export-digest">
                      {exp.data.digest}
                    </span>
                    <CopyButton text={exp.data.digest} label="Copy digest" />
                  </dd>
                </dl>
              </div>
            )}
          </form>
        </section>
        <section className="slds-col slds-size_1-of-2" aria-labelledby="verify-heading">
          <VerifyPanel initialPath={exp.data?.path ?? ''} initialDigest={exp.data?.digest ?? ''} />
        </section>
      </div>
      <TextFieldNote />
    </>
  );
}

function TextFieldNote() {
  return (
    <p className="slds-text-body_small slds-text-color_weak slds-m-top_medium">
      Packs are written to the data directory’s exports folder. Paste the digest into your workpapers: verifying the file later recomputes it.
    </p>
  );
}
