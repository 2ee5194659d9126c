import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { CheckResult, DecisionKind, Status } from '../../../shared/audit/types';
import { MIN_JUSTIFICATION_LENGTH, OVERRIDE_STATUSES } from '../../../shared/audit/decisions';
import { evidenceRowInWords } from '../../../shared/audit/evidence-words';
import { fixForRow } from '../../../shared/audit/remediation';
import { issueFor, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { StatusBadge, statusLabel } from '../../components/Badges';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { useEvaluation, useOrgPath } from '../org/useOrg';
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
  /** The review is signed off: nothing on this result can change, so no controls are shown. */
  locked?: boolean;
}

/** The auditor's decision in words, for the line beside the status. */
export function decisionLine(r: CheckResult): string | null {
  const o = r.override;
  if (!o) return null;
  const kind = o.kind ?? 'override';
  if (kind === 'exception') return `accepted as an exception by ${o.reviewer}${o.expiresAt ? ` until ${o.expiresAt}` : ''}`;
  if (kind === 'remediation') return `remediation planned by ${o.reviewer}: ${o.owner ?? 'no owner'}, due ${o.dueDate ?? 'no date'}`;
  return `overridden from ${statusLabel(r.computedStatus)} by ${o.reviewer}`;
}

/** One result of a check: status, summary, evidence rows, override and notes. */
export function ResultCard({ alias, system, result, notes, title: heading, locked = false }: Props) {
  const path = useOrgPath();
  const [mode, setMode] = useState<'none' | 'override' | 'note'>('none');
  const line = decisionLine(result);
  const title = heading ?? result.username ?? 'Org-wide';
  return (
    <article className="slds-card slds-p-around_medium slds-m-bottom_small" aria-label={`Result for ${title}`} data-testid="check-result">
      <div className="slds-grid slds-grid_align-spread slds-grid_vertical-align-center slds-m-bottom_x-small">
        <h3 className="slds-text-heading_small">{result.userId ? <Link to={path(`users/${result.userId}`)}>{title}</Link> : title}</h3>
        <div>
          <StatusBadge status={result.status} />
          {line && (
            <span className="slds-m-left_x-small slds-text-body_small" data-testid="override-note">
              {line}
            </span>
          )}
        </div>
      </div>
      <p className="slds-m-bottom_small">{result.summary}</p>
      {result.override && (
        <blockquote className="slds-box slds-box_x-small slds-theme_shade slds-m-bottom_small">
          <strong>Justification:</strong> {result.override.justification} <span className="slds-text-color_weak">({formatDateTime(result.override.at)})</span>
          {result.override.carriedFrom && (
            <div className="slds-text-body_small slds-m-top_xx-small" data-testid="carried-forward">
              Carried forward from snapshot <span className="iua-mono">{result.override.carriedFrom.snapshotId}</span>: decided by {result.override.carriedFrom.reviewer} on{' '}
              {formatDateTime(result.override.carriedFrom.at)}; the result and its evidence are unchanged.
            </div>
          )}
        </blockquote>
      )}
      <Evidence result={result} />
      {notes.length > 0 && (
        <ul className="slds-m-bottom_small" aria-label="Notes">
          {notes.map((n, i) => (
            <li key={i} className="slds-box slds-box_xx-small slds-m-bottom_xx-small">
              {n.text}{' '}
              <span className="slds-text-color_weak">
                — {n.author}, {formatDateTime(n.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!locked && (
        <div className="iua-no-print">
          <button type="button" className="slds-button slds-button_neutral" aria-expanded={mode === 'override'} onClick={() => setMode(mode === 'override' ? 'none' : 'override')}>
            {result.override ? 'Change decision' : 'Decide'}
          </button>
          <button type="button" className="slds-button slds-button_neutral" aria-expanded={mode === 'note'} onClick={() => setMode(mode === 'note' ? 'none' : 'note')}>
            Add note
          </button>
        </div>
      )}
      {!locked && mode === 'override' && <DecisionForm alias={alias} system={system} result={result} onDone={() => setMode('none')} />}
      {!locked && mode === 'note' && <NoteForm alias={alias} system={system} result={result} onDone={() => setMode('none')} />}
    </article>
  );
}

function Evidence({ result }: { result: CheckResult }) {
  const view = useEvaluation();
  // Evidence in words, as the pack and `report --json` show it: names beside user Ids, lists as text, UTC dates.
  const words = useMemo(() => {
    const people = new Map((view.data?.evaluation.users ?? []).map((u) => [u.id, { Name: u.name, Username: u.username }]));
    return result.evidence.map((r) => evidenceRowInWords(r, (id) => people.get(id)));
  }, [result.evidence, view.data]);
  if (result.evidence.length === 0) return null;
  const cols = evidenceColumns(words);
  // A concrete fix only where the result is a finding and its rows name who grants the access.
  const fixes = (result.computedStatus === 'fail' || result.computedStatus === 'warn') && result.evidence.some((r) => fixForRow(r, result.username) !== null);
  return (
    <details className="slds-m-bottom_small">
      <summary className="slds-text-link">
        Evidence: {result.evidence.length} row(s){result.evidenceOmitted ? ` (${result.evidenceOmitted} more left out)` : ''}
      </summary>
      {/* Scrolls on its own: focusable so keyboard users can scroll it too. */}
      <div style={{ overflowX: 'auto', maxHeight: '20rem' }} tabIndex={0} role="region" aria-label={`Evidence rows for ${result.username ?? 'the org'}`}>
        <table
          className="slds-table slds-table_bordered slds-table_cell-buffer slds-table_col-bordered slds-m-top_x-small"
          aria-label={`Evidence for ${result.username ?? 'the org'}`}
        >
          <thead>
            <tr className="slds-line-height_reset">
              {cols.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              {fixes && <th scope="col">How to fix</th>}
            </tr>
          </thead>
          <tbody>
            {result.evidence.map((row, i) => (
              <tr key={`${row.id}-${i}`}>
                {cols.map((c) => (
                  <td key={c} className="slds-cell-wrap">
                    {words[i][c] ?? ''}
                  </td>
                ))}
                {fixes && (
                  <td className="slds-cell-wrap" data-testid="evidence-fix">
                    {fixForRow(row, result.username) ?? ''}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const KIND_LABEL: Record<DecisionKind, string> = {
  exception: 'Accept as an exception',
  remediation: 'Plan remediation',
  override: 'Change the status',
};

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

/**
 * Decide a result: accept it as an exception (optionally until a date), plan its remediation
 * (owner, due date), or change its status. Nothing is preselected: the auditor says which.
 */
function DecisionForm({ alias, system, result, onDone }: { alias: string; system: string; result: CheckResult; onDone: () => void }) {
  const attest = useCallMutation('review.attest');
  const [reviewer, setReviewer, reviewerSettling] = useReviewerName();
  const [kind, setKind] = useState<DecisionKind | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const [justification, setJustification] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!kind) errs.kind = 'Choose what you decide.';
    if (kind === 'override' && !status) errs.status = 'Choose the status the result should have.';
    const why = justification.trim();
    if (!why) errs.justification = 'A justification is required: it goes into the evidence pack.';
    else if (why.length < MIN_JUSTIFICATION_LENGTH) errs.justification = `Say what you checked and why, in at least ${MIN_JUSTIFICATION_LENGTH} characters (now ${why.length}).`;
    if (kind === 'exception' && expiresAt && !isDate(expiresAt)) errs.expiresAt = 'Give the expiry as a date (YYYY-MM-DD), or leave it empty.';
    if (kind === 'remediation' && !owner.trim()) errs.owner = 'Who will fix it?';
    if (kind === 'remediation' && !isDate(dueDate)) errs.dueDate = 'Give the due date (YYYY-MM-DD).';
    if (!reviewer.trim()) errs.reviewer = 'Your name is required.';
    setLocal(errs);
    if (Object.keys(errs).length || !kind) return;
    attest.mutate(
      {
        orgAlias: alias,
        system,
        checkId: result.id,
        userId: result.userId,
        kind,
        status: kind === 'override' ? (status as Status) : null,
        justification,
        reviewer,
        expiresAt: kind === 'exception' && expiresAt ? expiresAt : null,
        owner: kind === 'remediation' ? owner : null,
        dueDate: kind === 'remediation' ? dueDate : null,
      },
      { onSuccess: onDone },
    );
  }
  return (
    <form className="slds-box slds-m-top_small" onSubmit={submit} noValidate aria-label="Decision">
      <p className="slds-text-body_small slds-m-bottom_small">The computed status ({statusLabel(result.computedStatus)}) is kept beside your decision in the evidence.</p>
      {attest.isError && !attest.error.issues?.length && (
        <Alert variant="error" title={errorTitle(attest.error)}>
          {attest.error.message}
        </Alert>
      )}
      <SelectField
        label="Decision"
        required
        value={kind}
        onChange={(v) => setKind(v as DecisionKind | '')}
        options={[{ value: '', label: 'Choose…' }, ...(['exception', 'remediation', 'override'] as const).map((k) => ({ value: k, label: KIND_LABEL[k] }))]}
        error={local.kind ?? issueFor(attest.error, 'kind')}
      />
      {kind === 'override' && (
        <SelectField
          label="New status"
          required
          value={status}
          onChange={(v) => setStatus(v as Status | '')}
          options={[{ value: '', label: 'Choose…' }, ...OVERRIDE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
          error={local.status ?? issueFor(attest.error, 'status')}
        />
      )}
      {kind === 'exception' && (
        <TextField
          label="Exception expires (optional)"
          type="date"
          value={expiresAt}
          onChange={setExpiresAt}
          error={local.expiresAt ?? issueFor(attest.error, 'expiresAt')}
          help="After this date the result is open again."
        />
      )}
      {kind === 'remediation' && (
        <div className="slds-grid slds-gutters_x-small">
          <div className="slds-col">
            <TextField label="Owner" required value={owner} onChange={setOwner} error={local.owner ?? issueFor(attest.error, 'owner')} />
          </div>
          <div className="slds-col">
            <TextField label="Due date" required type="date" value={dueDate} onChange={setDueDate} error={local.dueDate ?? issueFor(attest.error, 'dueDate')} />
          </div>
        </div>
      )}
      <TextArea
        label="Justification"
        required
        value={justification}
        onChange={setJustification}
        error={local.justification ?? issueFor(attest.error, 'justification')}
        help={`At least ${MIN_JUSTIFICATION_LENGTH} characters: what you checked and why.`}
        rows={3}
      />
      <TextField label="Reviewer" required value={reviewer} onChange={setReviewer} disabled={reviewerSettling} error={local.reviewer ?? issueFor(attest.error, 'reviewer')} />
      <button type="submit" className="slds-button slds-button_brand" disabled={attest.isPending}>
        Save decision
      </button>
      <button type="button" className="slds-button slds-button_neutral" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function NoteForm({ alias, system, result, onDone }: { alias: string; system: string; result: CheckResult; onDone: () => void }) {
  const note = useCallMutation('review.note');
  const [author, setAuthor, authorSettling] = useReviewerName();
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
      <TextField label="Author" required value={author} onChange={setAuthor} disabled={authorSettling} error={local.author ?? issueFor(note.error, 'author')} />
      <button type="submit" className="slds-button slds-button_brand" disabled={note.isPending}>
        Save note
      </button>
      <button type="button" className="slds-button slds-button_neutral" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
