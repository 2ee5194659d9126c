import { useState } from 'react';
import { Link } from 'react-router';
import type { CheckResult, Status } from '../../../shared/audit/types';
import { STATUSES } from '../../../shared/audit/types';
import { issueFor, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { StatusBadge, statusLabel } from '../../components/Badges';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { useOrgPath } from '../org/useOrg';
import { noteCount, noteProblem } from './notes';
import { useReviewerName } from './reviewer';
import { evidenceColumns } from './steps';

interface Props {
  alias: string;
  system: string;
  result: CheckResult;
  notes: { text: string; author: string; at: string }[];
  /** Heading of the card; default the user's name (or "Org-wide"). */
  title?: string;
}

/** One result of a check: status, summary, evidence rows, override and notes. */
export function ResultCard({ alias, system, result, notes, title: heading }: Props) {
  const path = useOrgPath();
  const [mode, setMode] = useState<'none' | 'override' | 'note'>('none');
  const title = heading ?? result.username ?? 'Org-wide';
  return (
    <article className="slds-card slds-p-around_medium slds-m-bottom_small" aria-label={`Result for ${title}`} data-testid="check-result">
      <div className="slds-grid slds-grid_align-spread slds-grid_vertical-align-center slds-m-bottom_x-small">
        <h3 className="slds-text-heading_small">{result.userId ? <Link to={path(`users/${result.userId}`)}>{title}</Link> : title}</h3>
        <div>
          <StatusBadge status={result.status} />
          {result.override && (
            <span className="slds-m-left_x-small slds-text-body_small" data-testid="override-note">
              overridden from {statusLabel(result.computedStatus)} by {result.override.reviewer}
            </span>
          )}
        </div>
      </div>
      <p className="slds-m-bottom_small">{result.summary}</p>
      {result.override && (
        <blockquote className="slds-box slds-box_x-small slds-theme_shade slds-m-bottom_small">
          <strong>Justification:</strong> {result.override.justification} <span className="slds-text-color_weak">({formatDateTime(result.override.at)})</span>
        </blockquote>
      )}
      <Evidence result={result} />
      {notes.length > 0 && (
        <ul className="slds-m-bottom_small" aria-label="Notes">
          {notes.map((n, i) => (
            <li key={i} className="slds-box slds-box_xx-small slds-m-bottom_xx-small">
              {n.text} <span className="slds-text-color_weak">— {n.author}, {formatDateTime(n.at)}</span>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="slds-button slds-button_neutral" aria-expanded={mode === 'override'} onClick={() => setMode(mode === 'override' ? 'none' : 'override')}>
          Override status
        </button>
        <button type="button" className="slds-button slds-button_neutral" aria-expanded={mode === 'note'} onClick={() => setMode(mode === 'note' ? 'none' : 'note')}>
          Add note
        </button>
      </div>
      {mode === 'override' && <OverrideForm alias={alias} system={system} result={result} onDone={() => setMode('none')} />}
      {mode === 'note' && <NoteForm alias={alias} system={system} result={result} onDone={() => setMode('none')} />}
    </article>
  );
}

function Evidence({ result }: { result: CheckResult }) {
  if (result.evidence.length === 0) return null;
  const cols = evidenceColumns(result.evidence);
  return (
    <details className="slds-m-bottom_small">
      <summary className="slds-text-link">
        Evidence: {result.evidence.length} row(s){result.evidenceOmitted ? ` (${result.evidenceOmitted} more left out)` : ''}
      </summary>
      <div style={{ overflowX: 'auto', maxHeight: '20rem' }}>
        <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-table_col-bordered slds-m-top_x-small" aria-label={`Evidence for ${result.username ?? 'the org'}`}>
          <thead>
            <tr className="slds-line-height_reset">
              {cols.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              <th scope="col">Granted by</th>
            </tr>
          </thead>
          <tbody>
            {result.evidence.map((row, i) => (
              <tr key={`${row.id}-${i}`}>
                {cols.map((c) => (
                  <td key={c} className="slds-cell-wrap">
                    {row[c] === null || row[c] === undefined ? '' : typeof row[c] === 'object' ? JSON.stringify(row[c]) : String(row[c])}
                  </td>
                ))}
                <td className="slds-cell-wrap">{row.grantedBy?.map((s) => `${s.name}${s.viaComponent ? ` (${s.viaComponent.name})` : ''}`).join('; ') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function OverrideForm({ alias, system, result, onDone }: { alias: string; system: string; result: CheckResult; onDone: () => void }) {
  const attest = useCallMutation('review.attest');
  const [reviewer, setReviewer] = useReviewerName();
  const [status, setStatus] = useState<Status>(result.status === 'fail' ? 'pass' : result.status);
  const [justification, setJustification] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!justification.trim()) errs.justification = 'A justification is required: it goes into the evidence pack.';
    if (!reviewer.trim()) errs.reviewer = 'Your name is required.';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    attest.mutate({ orgAlias: alias, system, checkId: result.id, userId: result.userId, status, justification, reviewer }, { onSuccess: onDone });
  }
  return (
    <form className="slds-box slds-m-top_small" onSubmit={submit} noValidate aria-label="Override">
      <p className="slds-text-body_small slds-m-bottom_small">The computed status ({statusLabel(result.computedStatus)}) is kept beside yours in the evidence.</p>
      {attest.isError && !attest.error.issues?.length && <Alert variant="error" title={errorTitle(attest.error)}>{attest.error.message}</Alert>}
      <SelectField label="New status" value={status} onChange={(v) => setStatus(v as Status)} options={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} error={issueFor(attest.error, 'status')} />
      <TextArea label="Justification" required value={justification} onChange={setJustification} error={local.justification ?? issueFor(attest.error, 'justification')} rows={3} />
      <TextField label="Reviewer" required value={reviewer} onChange={setReviewer} error={local.reviewer ?? issueFor(attest.error, 'reviewer')} />
      <button type="submit" className="slds-button slds-button_brand" disabled={attest.isPending}>
        Save override
      </button>
      <button type="button" className="slds-button slds-button_neutral" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function NoteForm({ alias, system, result, onDone }: { alias: string; system: string; result: CheckResult; onDone: () => void }) {
  const note = useCallMutation('review.note');
  const [author, setAuthor] = useReviewerName();
  const [text, setText] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const problem = noteProblem(text);
    if (problem) errs.text = problem;
    if (!author.trim()) errs.author = 'Your name is required: notes go into the evidence pack with their author.';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    // On failure the form stays open with everything typed; only success closes it.
    note.mutate({ orgAlias: alias, system, checkId: result.id, userId: result.userId, text, author }, { onSuccess: onDone });
  }
  return (
    <form className="slds-box slds-m-top_small" onSubmit={submit} noValidate aria-label="Note">
      {note.isError && !note.error.issues?.length && (
        <Alert variant="error" title={`The note was not saved: ${errorTitle(note.error).toLowerCase()}`}>
          {note.error.message} What you typed is still here.
        </Alert>
      )}
      <TextArea label="Note" required value={text} onChange={setText} error={local.text ?? issueFor(note.error, 'text')} help={noteCount(text)} rows={3} />
      <TextField label="Author" required value={author} onChange={setAuthor} error={local.author ?? issueFor(note.error, 'author')} />
      <button type="submit" className="slds-button slds-button_brand" disabled={note.isPending}>
        Save note
      </button>
      <button type="button" className="slds-button slds-button_neutral" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
