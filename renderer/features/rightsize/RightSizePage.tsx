import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { describeApiSources, type UsageRow } from '../../../shared/audit/usage';
import { issueFor, useCall, useCallMutation } from '../../api/context';
import { isAbsolutePath } from '../../../shared/contract/define';
import { Alert } from '../../components/Alert';
import { StatusBadge } from '../../components/Badges';
import { FilePathEntry } from '../../components/CopyButton';
import { SelectField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { errorTitle } from '../../components/errors';
import { useOrgAlias, useSnapshotChoice } from '../org/useOrg';
import { LEVELS, whyRemoved, wouldRemove, type Basis } from './rightsize';

const BASIS_OPTIONS = [
  { value: 'both', label: 'Declared and used (strictest)' },
  { value: 'declared', label: 'Declared scope' },
  { value: 'used', label: 'Observed use' },
];

/** Right-size one system: granted versus declared versus used, what would be removed and why, and the remediation folder. */
export function RightSizePage() {
  const alias = useOrgAlias();
  const system = decodeURIComponent(useParams().system ?? '');
  const snapshotId = useSnapshotChoice();
  const report = useCall('usage.report', snapshotId ? { orgAlias: alias, snapshotId } : { orgAlias: alias });
  const pull = useCallMutation('usage.pull');
  const remediate = useCallMutation('usage.remediate');
  const [basis, setBasis] = useState<Basis>('both');
  const [out, setOut] = useState('');
  const [outError, setOutError] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title={`Right-size: ${system}`}
        meta="What the integration holds, what its scope declares and what it was seen doing. Nothing here changes the org."
        actions={
          <button type="button" className="slds-button slds-button_neutral" disabled={pull.isPending} onClick={() => pull.mutate({ alias })}>
            {pull.isPending ? 'Pulling usage…' : 'Pull usage now'}
          </button>
        }
      />
      {pull.isError && (
        <Alert variant="error" title={errorTitle(pull.error)}>
          {pull.error.message}
        </Alert>
      )}
      {pull.isSuccess && (
        <Alert variant="success" title="Usage pulled">
          {pull.data.filesAdded} new log file(s), writes counted on {pull.data.objectsCounted} object(s), {pull.data.apiCalls} API calls.
          {pull.data.gaps.length > 0 && ` Not seen: ${pull.data.gaps.map((g) => `${g.object} (${g.message})`).join('; ')}`}
          {pull.data.sources.notes.length > 0 && ` ${pull.data.sources.notes.join(' ')}`}
        </Alert>
      )}
      <QueryState query={report} label="usage">
        {(v) => {
          const s = v.report.systems.find((x) => x.name === system);
          if (!s) return <Alert variant="warning">No system named “{system}” in the declared scope.</Alert>;
          return (
            <>
              <p className="slds-m-bottom_small" data-testid="usage-coverage">
                Usage window {v.report.windowStart.slice(0, 10)} to {v.report.windowEnd.slice(0, 10)}. API event history holds {v.report.apiDaysCovered} of {v.report.windowDays}{' '}
                days ({describeApiSources(v.report.apiSources)}){v.lastPull ? `; last pull ${v.lastPull.finishedAt}` : '; no pull yet'}. Reads show only in API event logs.
              </p>
              <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Usage checks">
                <h2 className="slds-text-heading_small slds-m-bottom_small">Usage checks</h2>
                <ul>
                  {s.checks.map((c) => (
                    <li key={`${c.id}-${c.username}`} className="slds-m-bottom_x-small" data-testid={`usage-check-${c.id}`}>
                      <StatusBadge status={c.status} /> <strong>{c.id}</strong> {c.username}: {c.summary}
                    </li>
                  ))}
                </ul>
              </section>
              <SelectField
                label="Basis"
                value={basis}
                onChange={(b) => setBasis(b as Basis)}
                options={BASIS_OPTIONS}
                help="What the least-privilege permission set keeps; it never grants more than the user holds today."
              />
              {s.users.map((u) => (
                <div key={u.username}>
                  <UsageTable username={u.username} rows={u.rows} basis={basis} />
                  <p className="slds-m-bottom_medium slds-text-body_small" data-testid={`token-use-${u.username}`}>
                    OAuth token use:{' '}
                    {u.tokens.length ? u.tokens.map((t) => `${t.app} (${t.useCount ?? '?'} uses, last ${t.lastUsed ?? 'never'})`).join('; ') : 'no OAuth token in the snapshot'}.
                  </p>
                </div>
              ))}
              <form
                className="slds-card slds-p-around_medium slds-m-top_medium"
                aria-label="Write remediation folder"
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  const folder = out.trim();
                  if (!isAbsolutePath(folder)) {
                    setOutError(
                      folder
                        ? `“${folder}” is not a full path: give the whole path of the folder, starting at the root of the disk.`
                        : 'Give the full path of a new or empty folder.',
                    );
                    return;
                  }
                  setOutError(null);
                  remediate.mutate({ orgAlias: alias, system, out: folder, basis });
                }}
              >
                <h2 className="slds-text-heading_small slds-m-bottom_small">Least-privilege permission set</h2>
                <TextField
                  label="Folder to write (new or empty)"
                  value={out}
                  onChange={setOut}
                  placeholder="/path/to/billing-least-privilege"
                  error={outError ?? issueFor(remediate.error, 'out')}
                  help="A Salesforce DX source folder: the permission set, package.xml and REMEDIATION.md (deploy and roll-back steps)."
                />
                <button type="submit" className="slds-button slds-button_brand" disabled={remediate.isPending || out.trim() === ''}>
                  {remediate.isPending ? 'Writing…' : 'Write remediation folder'}
                </button>
                {remediate.isError && (
                  <div className="slds-m-top_small">
                    <Alert variant="error" title={errorTitle(remediate.error)}>
                      {remediate.error.message}
                    </Alert>
                  </div>
                )}
                {remediate.isSuccess && (
                  <div className="slds-m-top_small" data-testid="remediation-result">
                    <Alert variant="success" title="Remediation folder written">
                      {remediate.data.plan.permissionSet.fullName}: {remediate.data.plan.permissionSet.objects.length} objects; {remediate.data.plan.excess.length} current
                      source(s) to unassign are listed in REMEDIATION.md.
                    </Alert>
                    <dl>
                      <FilePathEntry path={remediate.data.dir} testId="remediation-path" />
                    </dl>
                  </div>
                )}
              </form>
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function UsageTable({ username, rows, basis }: { username: string; rows: UsageRow[]; basis: Basis }) {
  const sorted = useMemo(() => [...rows].sort((a, b) => (a.sobject < b.sobject ? -1 : 1)), [rows]);
  return (
    <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-bottom_medium" aria-label={`Usage of ${username}`}>
      <caption className="slds-text-heading_small slds-text-align_left slds-p-vertical_x-small">{username}</caption>
      <thead>
        <tr>
          <th scope="col">Object</th>
          <th scope="col">Granted</th>
          <th scope="col">Declared</th>
          <th scope="col">Used</th>
          <th scope="col">Created</th>
          <th scope="col">Last modified</th>
          <th scope="col">API reads / writes</th>
          <th scope="col">Last seen</th>
          <th scope="col">Would remove</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => {
          const remove = wouldRemove(r, basis);
          return (
            <tr key={r.sobject} data-testid={`usage-row-${r.sobject}`}>
              <th scope="row">{r.sobject}</th>
              <td>{LEVELS.filter((l) => r.granted[l]).join(', ') || '—'}</td>
              <td>{r.declared.join(', ') || '—'}</td>
              <td>{r.used.join(', ') || '—'}</td>
              <td>{r.created}</td>
              <td>{r.modified}</td>
              <td>
                {r.apiReads} / {r.apiWrites}
              </td>
              <td>{r.lastSeen ?? '—'}</td>
              <td className={remove.length ? 'slds-text-color_error' : ''}>{remove.length ? remove.map((l) => `${l} (${whyRemoved(r, l)})`).join('; ') : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
