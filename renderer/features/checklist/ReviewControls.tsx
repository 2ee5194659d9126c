import { useState } from 'react';
import type { ReviewSummary } from '../../../shared/contract';
import type { CheckResult } from '../../../shared/audit/types';
import { issueFor, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { TextArea, TextField } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { useReviewerName } from './reviewer';

const DEFAULT_STATEMENT = 'I reviewed the access of this system’s integration users against its declared scope as of this snapshot; findings are resolved or accepted as justified above.';

/** Review state of a system, "mark reviewed", and the sign-off (name, role, statement). */
export function ReviewControls({ alias, system, review, pending, onGo }: { alias: string; system: string; review: ReviewSummary; pending: CheckResult[]; onGo: (checkId: string) => void }) {
  const setState = useCallMutation('review.setState');
  const signoff = useCallMutation('review.signoff');
  const [reviewer, setReviewer] = useReviewerName();
  const [role, setRole] = useState('');
  const [statement, setStatement] = useState(DEFAULT_STATEMENT);
  const [open, setOpen] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!reviewer.trim()) errs.reviewer = 'Your name is required.';
    if (!role.trim()) errs.role = 'Your role is required (e.g. Compliance lead).';
    if (!statement.trim()) errs.statement = 'A statement is required.';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    signoff.mutate({ orgAlias: alias, system, reviewer, role, statement }, { onSuccess: () => setOpen(false) });
  }
  return (
    <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-label="Review" data-testid="review-controls">
      <div className="slds-grid slds-grid_vertical-align-center slds-wrap">
        <span className="slds-m-right_small">
          Review state: <strong data-testid="review-state">{review.state}</strong>
        </span>
        {review.state === 'not started' && (
          <button type="button" className="slds-button slds-button_neutral" onClick={() => setState.mutate({ orgAlias: alias, system, state: 'in review' })}>
            Start review
          </button>
        )}
        {(review.state === 'not started' || review.state === 'in review') && (
          <button type="button" className="slds-button slds-button_neutral" onClick={() => setState.mutate({ orgAlias: alias, system, state: 'reviewed' })}>
            Mark reviewed
          </button>
        )}
        {review.state === 'reviewed' && (
          <>
            <button type="button" className="slds-button slds-button_brand" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              Sign off
            </button>
            <button type="button" className="slds-button slds-button_neutral" onClick={() => setState.mutate({ orgAlias: alias, system, state: 'in review' })}>
              Reopen review
            </button>
          </>
        )}
      </div>
      {pending.length > 0 && review.state !== 'signed off' && (
        <div className="slds-m-top_small" data-testid="pending-decisions">
          <p className="slds-m-bottom_x-small">
            Before signing off, decide {pending.length === 1 ? 'this result' : `these ${pending.length} results`} (override with a justification):
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
      {setState.isError && <Alert variant="error" title={errorTitle(setState.error)}>{setState.error.message}</Alert>}
      {review.signOff && (
        <div className="slds-m-top_small" data-testid="signoff">
          <Alert variant="success" title={`Signed off by ${review.signOff.reviewer} (${review.signOff.role})`}>
            {formatDateTime(review.signOff.at)}, frozen to snapshot <span className="iua-mono">{review.signOff.snapshotId}</span>: “{review.signOff.statement}”
          </Alert>
        </div>
      )}
      {open && review.state === 'reviewed' && (
        <form className="slds-m-top_small" onSubmit={submit} noValidate aria-label="Sign off">
          {signoff.isError && <Alert variant="error" title={errorTitle(signoff.error)}>{signoff.error.message}</Alert>}
          <div className="slds-grid slds-gutters_x-small">
            <div className="slds-col">
              <TextField label="Your name" required value={reviewer} onChange={setReviewer} error={local.reviewer ?? issueFor(signoff.error, 'reviewer')} />
            </div>
            <div className="slds-col">
              <TextField label="Your role" required value={role} onChange={setRole} error={local.role ?? issueFor(signoff.error, 'role')} placeholder="Compliance lead" />
            </div>
          </div>
          <TextArea label="Statement" required value={statement} onChange={setStatement} error={local.statement ?? issueFor(signoff.error, 'statement')} rows={3} />
          <button type="submit" className="slds-button slds-button_brand" disabled={signoff.isPending}>
            Sign off {system}
          </button>
        </form>
      )}
    </section>
  );
}
