import { useCall } from '../../api/context';
import { SelectField } from '../../components/Field';

/**
 * For "Salesforce CLI (sf)": the orgs `sf org list` knows on this machine, to pick one instead of
 * typing its alias. Where the CLI is not installed (or signed in nowhere) it says so in words;
 * the alias field stays usable either way.
 */
export function SfCliPicker({ value, onPick }: { value: string; onPick: (target: string) => void }) {
  const list = useCall('orgs.sfCliOrgs', {}, { staleTime: 30_000, retry: false });
  if (list.isPending) return <p className="slds-text-color_weak slds-m-bottom_small">Looking for orgs the Salesforce CLI is signed in to…</p>;
  const out = list.data;
  if (!out || out.orgs.length === 0) {
    const why = list.error?.message ?? out?.message;
    return why ? (
      <p className="slds-text-color_weak slds-m-bottom_small" data-testid="sf-cli-status">
        {why}
      </p>
    ) : null;
  }
  const options = [
    { value: '', label: 'Choose an org the Salesforce CLI is signed in to…' },
    ...out.orgs.map((o) => ({
      value: o.alias ?? o.username,
      label: `${o.alias ? `${o.alias} — ` : ''}${o.username}${o.instanceUrl ? ` (${o.instanceUrl})` : ''}${o.connected ? '' : ' — not connected'}`,
    })),
  ];
  const known = options.some((o) => o.value === value);
  return <SelectField label="Org from `sf org list`" value={known ? value : ''} onChange={(v) => v && onPick(v)} options={options} help="Or type its alias or username below." />;
}
