import { useCall, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Checkbox } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { useReviewerName } from '../checklist/reviewer';

/** Org-level review settings: the preparer/approver split. */
export function ReviewSettings({ alias }: { alias: string }) {
  const settings = useCall('review.settings', { orgAlias: alias });
  const change = useCallMutation('review.settings');
  const [actor] = useReviewerName();
  return (
    <section className="slds-card slds-p-around_medium slds-m-vertical_medium" aria-labelledby="review-settings-heading" data-testid="review-settings">
      <h2 id="review-settings-heading" className="slds-text-heading_small slds-m-bottom_small">
        Review settings
      </h2>
      <Checkbox
        label="Separate preparer and approver: whoever signs off a system cannot be someone who recorded decisions on it"
        checked={settings.data?.separateApprover ?? false}
        disabled={!settings.data || change.isPending}
        onChange={(on) => change.mutate({ orgAlias: alias, separateApprover: on, ...(actor.trim() ? { actor } : {}) })}
      />
      {change.isError && (
        <Alert variant="error" title={errorTitle(change.error)}>
          {change.error.message}
        </Alert>
      )}
    </section>
  );
}
