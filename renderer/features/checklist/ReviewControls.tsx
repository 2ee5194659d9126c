import { useState } from 'react';
import type { EarlierSignOff, ReviewSummary, SignedState } from '../../../shared/contract';
import { acceptedExceptions, describeDifference } from '../../../shared/audit/decisions';
import type { CheckResult, SystemResult } from '../../../shared/audit/types';
import { issueFor, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { TextArea, TextField } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { useReviewerName, useReviewerRole } from './reviewer';

const DEFAULT_STATEMENT =
  'I reviewed the access of this system’s integration users against its declared scope as of this snapshot. Every fail, warning and manual result has a recorded decision: planned remediation, or an accepted exception listed below.';

/** Review state of a system, "mark reviewed", the sign-off, and once signed: what was signed and whether results now differ. */
export function ReviewControls({
  alias,
  system,
  review,
  earlier,
  pending,
  onGo,
}: {
  alias: string;
  system: SystemResult;
  review: ReviewSummary;
  earlier: EarlierSignOff[];
  pending: CheckResult[];
  onGo: (checkId: string) => void;
}) {
  const setState = useCallMutation('review.setState');
  const signoff = useCallMutation('review.signoff');
  const [reviewer, setReviewer, reviewerSettling] = useReviewerName();
  const [role, setRole, roleSettling] = useReviewerRole();
  const [statement, setStatement] = useState(DEFAULT_STATEMENT);
  const [open, setOpen] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const name = system.name;
  const exceptions = acceptedExceptions(system);
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!reviewer.trim()) errs.reviewer = 'Your name is required.';
    if (!role.trim()) errs.role = 'Your role is required (e.g. Compliance lead).';
    if (!statement.trim()) errs.statement = 'A statement is required.';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    signoff.mutate({ orgAlias: alias, system: name, reviewer, role, statement }, { onSuccess: () => setOpen(false) });
  }
  const signed = review.state === 'signed off';
  return (
    <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Review" data-testid="review-controls">
      <div className="slds-grid slds-grid_vertical-align-center slds-wrap">
        <span className="slds-m-right_small">
          Review state: <strong data-testid="review-state">{review.state}</strong>
        </span>
        <span className="iua-no-print">
          {review.state === 'not started' && (
            <button type="button" className="slds-button slds-button_neutral" onClick={() => setState.mutate({ orgAlias: alias, system: name, state: 'in review' })}>
              Start review
            </button>
          )}
          {(review.state === 'not started' || review.state === 'in review') && (
            <button type="button" className="slds-button slds-button_neutral" onClick={() => setState.mutate({ orgAlias: alias, system: name, state: 'reviewed' })}>
              Mark reviewed
            </button>
          )}
          {review.state === 'reviewed' && (
            <>
              <button type="button" className="slds-button slds-button_brand" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
                Sign off
              </button>
              <button type="button" className="slds-button slds-button_neutral" onClick={() => setState.mutate({ orgAlias: alias, system: name, state: 'in review' })}>
                Reopen review
              </button>
            </>
          )}
        </span>
      </div>
      {pending.length > 0 && !signed && (
        <div className="slds-m-top_small iua-no-print" data-testid="pending-decisions">
          <p className="slds-m-bottom_x-small">
            Before signing off, decide {pending.length === 1 ? 'this result' : `these ${pending.length} results`} (accept as an exception, plan remediation, or change the status):
          </p>
          <ul className="slds-grid slds-wrap">
            {pending.map((r, i) => (
              <li key={`${r.id}-${r.userId ?? 'org'}-${i}`} className="slds-m-right_x-small slds-m-bottom_xx-small">
                <button type="button" className="slds-button slds-button_neutral" onClick={() => onGo(r.id)}>
                  Decide {r.id}
                  {r.username ? ` (${r.username})` : ''}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {setState.isError && (
        <Alert variant="error" title={errorTitle(setState.error)}>
          {setState.error.message}
        </Alert>
      )}
      {review.signOff && (
        <div className="slds-m-top_small" data-testid="signoff">
          <Alert variant="success" title={`Signed off by ${review.signOff.reviewer} (${review.signOff.role})`}>
            <p>
              {formatDateTime(review.signOff.at)}, frozen to snapshot <span className="iua-mono">{review.signOff.snapshotId}</span>
              {review.signed && review.signed.scopeVersion !== null ? ` and declared scope version ${review.signed.scopeVersion}` : ''}. The results below are the ones signed.
            </p>
            <p style={{ whiteSpace: 'pre-line' }}>“{review.signOff.statement}”</p>
            {review.signed && (
              <p className="slds-text-body_small">
                Evaluation SHA-256 as signed:{' '}
                <span className="iua-mono" style={{ wordBreak: 'break-all' }}>
                  {review.signed.evaluationHash}
                </span>
              </p>
            )}
          </Alert>
          {review.signed && !review.signed.matches && <Divergence signed={review.signed} />}
        </div>
      )}
      {earlier.length > 0 && (
        <details className="slds-m-top_small" data-testid="earlier-signoffs">
          <summary className="slds-text-link">
            Earlier sign-offs of {name} ({earlier.length})
          </summary>
          <ul className="slds-m-top_x-small">
            {earlier.map((e) => (
              <li key={`${e.snapshotId}-${e.at}`}>
                Snapshot <span className="iua-mono">{e.snapshotId}</span> (taken {formatDateTime(e.snapshotTakenAt)}): signed off by {e.reviewer} ({e.role}) on{' '}
                {formatDateTime(e.at)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {open && review.state === 'reviewed' && (
        <form className="slds-m-top_small" onSubmit={submit} noValidate aria-label="Sign off">
          {signoff.isError && (
            <Alert variant="error" title={errorTitle(signoff.error)}>
              {signoff.error.message}
            </Alert>
          )}
          <div className="slds-grid slds-gutters_x-small">
            <div className="slds-col">
              <TextField
                label="Your name"
                required
                value={reviewer}
                onChange={setReviewer}
                disabled={reviewerSettling}
                error={local.reviewer ?? issueFor(signoff.error, 'reviewer')}
              />
            </div>
            <div className="slds-col">
              <TextField
                label="Your role"
                required
                value={role}
                onChange={setRole}
                disabled={roleSettling}
                error={local.role ?? issueFor(signoff.error, 'role')}
                placeholder="Compliance lead"
              />
            </div>
          </div>
          <TextArea label="Statement" required value={statement} onChange={setStatement} error={local.statement ?? issueFor(signoff.error, 'statement')} rows={3} />
          <div className="slds-m-bottom_small" data-testid="signoff-exceptions">
            {exceptions.length === 0 ? (
              <p className="slds-text-body_small">The statement will end with “Accepted exceptions: none.”</p>
            ) : (
              <>
                <p className="slds-text-body_small">The statement will list these accepted exceptions:</p>
                <ul className="slds-list_dotted slds-text-body_small">
                  {exceptions.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <button type="submit" className="slds-button slds-button_brand" disabled={signoff.isPending}>
            Sign off {name}
          </button>
        </form>
      )}
    </section>
  );
}

/** The banner a signed-off system shows when evaluating it now would not give what was signed. */
function Divergence({ signed }: { signed: SignedState }) {
  const lines = [...signed.differences.map(describeDifference), ...signed.scopeChanges.map((c) => `declared scope changed since sign-off: ${c}`)];
  return (
    <Alert variant="warning" title="Current results differ from what was signed" testId="signoff-divergence">
      <p>
        {signed.legacy
          ? 'This sign-off predates frozen results: the results shown are evaluated now, and their hash differs from the one signed.'
          : `This page and every export show the results as signed. Evaluated now${signed.scopeVersion !== null && signed.currentScopeVersion !== signed.scopeVersion ? ` (declared scope version ${signed.currentScopeVersion}, signed with version ${signed.scopeVersion})` : ''}, they differ:`}
      </p>
      {lines.length > 0 && (
        <ul className="slds-list_dotted">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      <p className="slds-text-body_small">Collect a new snapshot to review the system again against its current scope.</p>
    </Alert>
  );
}
