import { useState } from 'react';
import type { OrgSummary } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { AddOrgDialog } from '../home/AddOrgDialog';
import { reconnectForm } from '../home/authMethods';

/** Expired or revoked credentials: snapshots stay usable offline; collecting needs a new sign-in. */
export function ReauthBanner({ org }: { org: OrgSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <div data-testid="reauth-banner">
      <Alert variant="warning" title={`Sign in to ${org.alias} again`}>
        <p>
          The saved credentials for this org expired or were revoked{org.statusMessage ? ` (${org.statusMessage})` : ''}. Everything already collected stays available offline; to
          collect a new snapshot, reconnect.
        </p>
        <button type="button" className="slds-button slds-button_neutral slds-m-top_x-small" onClick={() => setOpen(true)}>
          Reconnect {org.alias}
        </button>
      </Alert>
      {open && <AddOrgDialog onClose={() => setOpen(false)} initial={reconnectForm(org)} />}
    </div>
  );
}
