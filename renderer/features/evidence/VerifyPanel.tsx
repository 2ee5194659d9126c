import { useEffect, useState } from 'react';
import { issueFor, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { parseVerifyForm } from './verifyForm';

/** Recompute every sheet hash and the pack digest of a pack on disk. */
export function VerifyPanel({ initialPath, initialDigest }: { initialPath: string; initialDigest: string }) {
  const verify = useCallMutation('evidence.verify');
  const [path, setPath] = useState(initialPath);
  const [digest, setDigest] = useState(initialDigest);
  const [invalid, setInvalid] = useState<{ path?: string; digest?: string }>({});
  useEffect(() => {
    if (initialPath) setPath(initialPath);
    if (initialDigest) setDigest(initialDigest);
  }, [initialPath, initialDigest]);
  function run(e: React.FormEvent) {
    e.preventDefault();
    const parsed = parseVerifyForm(path, digest);
    if (!parsed.ok) {
      setInvalid(parsed.errors);
      return;
    }
    setInvalid({});
    verify.mutate(parsed.input);
  }
  return (
    <form className="slds-card slds-p-around_medium" onSubmit={run} noValidate>
      <h2 id="verify-heading" className="slds-text-heading_small slds-m-bottom_small">
        Verify a pack
      </h2>
      <TextField label="Path of the pack" required value={path} onChange={setPath} error={invalid.path ?? issueFor(verify.error, 'path')} placeholder="/path/to/evidence.xlsx" />
      <TextField
        label="Expected digest (optional)"
        value={digest}
        onChange={setDigest}
        error={invalid.digest ?? issueFor(verify.error, 'digest')}
        help="The digest from your workpapers: the pack must match it."
      />
      <button type="submit" className="slds-button slds-button_brand" disabled={verify.isPending || !path.trim()}>
        Verify
      </button>
      {verify.isError && !verify.error.issues?.length && (
        <div className="slds-m-top_small">
          <Alert variant="error" title={errorTitle(verify.error)}>
            {verify.error.message}
          </Alert>
        </div>
      )}
      {verify.isSuccess && (
        <div className="slds-m-top_small" data-testid="verify-result">
          {verify.data.intact ? (
            <Alert variant="success" title="Intact">
              Every sheet hash and the pack digest match{verify.data.digest ? ` (${verify.data.digest})` : ''}.
            </Alert>
          ) : (
            <Alert variant="error" title="Not intact: the pack was changed or is incomplete">
              <ul className="slds-list_dotted">
                {verify.data.problems.map((p, i) => (
                  <li key={i}>
                    {[p.sheet, p.cell].filter(Boolean).join(' ')} {p.message}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
      )}
    </form>
  );
}
