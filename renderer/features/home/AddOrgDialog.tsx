import { useMemo, useState } from 'react';
import { AddOrgInput, issuesFromZod, type AuthMethod } from '../../../shared/contract';
import { CallError, issueFor, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { errorTitle } from '../../components/errors';
import { API_VERSION_FIELD, METHODS, methodSpec, toAddOrgInput, type AddOrgForm, type FieldSpec } from './authMethods';
import { SfCliPicker } from './SfCliPicker';

/**
 * Connect an org. Problems come back per field (checked here first with the contract's own
 * schema, then by the back end); the form keeps every value when anything fails.
 */
export function AddOrgDialog({ onClose, onAdded, initial }: { onClose: () => void; onAdded?: (alias: string) => void; initial?: Partial<AddOrgForm> }) {
  const [form, setForm] = useState<AddOrgForm>(() => ({ alias: '', method: 'web', ...initial }) as AddOrgForm);
  const [localError, setLocalError] = useState<CallError | null>(null);
  const add = useCallMutation('orgs.add');
  const test = useCallMutation('orgs.test');
  // Objects where the auditing user would see only its own rows: said before the first collection.
  const [partial, setPartial] = useState<{ alias: string; messages: string[] } | null>(null);
  // What the back end says happened besides the add (e.g. where a replaced org's data went): shown before closing.
  const [notice, setNotice] = useState<{ alias: string; text: string } | null>(null);
  const spec = methodSpec(form.method);
  const error = localError ?? add.error;
  const set = (key: keyof AddOrgForm) => (v: string) => setForm((f) => ({ ...f, [key]: v }));
  const methodOptions = useMemo(() => METHODS.map((m) => ({ value: m.method, label: m.label })), []);

  function submit(e: React.FormEvent, replace = false) {
    e.preventDefault();
    const input = { ...toAddOrgInput(form), ...(replace ? { replace: true } : {}) };
    const parsed = AddOrgInput.safeParse(input);
    if (!parsed.success) {
      setLocalError(new CallError('validation', 'Some fields need attention.', issuesFromZod(parsed.error)));
      return;
    }
    setLocalError(null);
    add.mutate(input, {
      onSuccess: (out) => {
        if (out.notice) setNotice({ alias: out.org.alias, text: out.notice });
        const done = () => {
          if (out.notice) return; // the notice's own window closes the dialog
          onAdded?.(out.org.alias);
          onClose();
        };
        // The org is added either way; a failing test is not a reason to keep the dialog open.
        test.mutate(
          { alias: out.org.alias },
          {
            onSuccess: (t) => {
              const messages = t.visibility.filter((v) => !v.visible).map((v) => `${v.object}: ${v.message ?? ''}`);
              if (messages.length === 0) done();
              else setPartial({ alias: out.org.alias, messages });
            },
            onError: done,
          },
        );
      },
    });
  }

  if (notice && !partial) {
    const finish = () => {
      onAdded?.(notice.alias);
      onClose();
    };
    return (
      <Modal
        title={`${notice.alias} connected`}
        onClose={finish}
        footer={
          <button type="button" className="slds-button slds-button_brand" onClick={finish}>
            Continue
          </button>
        }
      >
        <Alert variant="info" title="Please note" testId="add-org-notice">
          {notice.text}
        </Alert>
      </Modal>
    );
  }

  if (partial) {
    const finish = () => {
      onAdded?.(partial.alias);
      onClose();
    };
    return (
      <Modal
        title={`${partial.alias} added — the auditing user cannot see everything`}
        onClose={finish}
        footer={
          <button type="button" className="slds-button slds-button_brand" onClick={finish}>
            Continue
          </button>
        }
      >
        {notice && (
          <Alert variant="info" title="Please note" testId="add-org-notice">
            {notice.text}
          </Alert>
        )}
        <Alert variant="warning" title="Partial visibility" testId="partial-visibility">
          Salesforce returns fewer rows, without an error, when the auditing user lacks these permissions. Until it has them, the checks that read these objects will show as
          errors, never as passes.
          <ul className="slds-list_dotted">
            {partial.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
      </Modal>
    );
  }

  const field = (f: FieldSpec) => {
    const common = { label: f.label, required: f.required, help: f.help, error: issueFor(error, f.key), value: form[f.key] ?? '', onChange: set(f.key) };
    if (f.multiline)
      return (
        <div key={f.key}>
          <TextArea {...common} rows={5} />
          <div className="slds-form-element slds-m-bottom_small">
            <label className="slds-form-element__label" htmlFor="pem-file">
              Or load the key file
            </label>
            <input id="pem-file" type="file" accept=".key,.pem,.txt" className="slds-input" onChange={(e) => void e.target.files?.[0]?.text().then((t) => set(f.key)(t))} />
          </div>
        </div>
      );
    return <TextField key={f.key} {...common} type={f.secret ? 'password' : 'text'} placeholder={f.placeholder} />;
  };

  // Another org already lives under this alias: the back end offers to replace it (keeping the earlier org apart).
  const replaceOffer = error instanceof CallError && error.code === 'conflict' ? issueFor(error, 'replace') : undefined;
  const general = error instanceof CallError && (replaceOffer || !error.issues || error.issues.length === 0) ? error : null;
  const unmatched =
    error instanceof CallError ? (error.issues ?? []).filter((i) => !['alias', 'method', 'apiVersion', ...spec.fields.map((f) => f.key)].includes(i.path.split('.')[0])) : [];

  return (
    <Modal
      title={initial?.alias ? `Reconnect ${initial.alias}` : 'Add an org'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="slds-button slds-button_neutral" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-org-form" className="slds-button slds-button_brand" disabled={add.isPending || test.isPending}>
            {add.isPending || test.isPending ? 'Connecting…' : initial?.alias ? 'Reconnect' : 'Add org'}
          </button>
        </>
      }
    >
      <form id="add-org-form" onSubmit={submit} noValidate>
        {general && (
          <Alert variant="error" title={errorTitle(general)}>
            {general.message}
            {replaceOffer && (
              <div className="slds-m-top_small">
                <button type="button" className="slds-button slds-button_destructive" disabled={add.isPending || test.isPending} onClick={(e) => submit(e, true)}>
                  Replace
                </button>{' '}
                <span className="slds-text-body_small">{replaceOffer}</span>
              </div>
            )}
          </Alert>
        )}
        {error && !general && (
          <Alert variant="error" title="Some fields need attention">
            Nothing was saved; your entries are still here.
            {unmatched.length > 0 && (
              <ul className="slds-list_dotted">
                {unmatched.map((i) => (
                  <li key={i.path + i.message}>
                    {i.path}: {i.message}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        )}
        <TextField
          label="Alias"
          required
          value={form.alias}
          onChange={set('alias')}
          error={issueFor(error, 'alias')}
          help="A short name for this org, used in file names: letters, digits, dots, dashes."
          placeholder="acme-prod"
        />
        <SelectField
          label="How to connect"
          value={form.method}
          onChange={(v) => setForm((f) => ({ ...f, method: v as AuthMethod }))}
          options={methodOptions}
          error={issueFor(error, 'method')}
        />
        <div className="slds-box slds-box_x-small slds-theme_shade slds-m-bottom_small" data-testid="method-guidance">
          {spec.guidance}
        </div>
        {form.method === 'sf_cli' && <SfCliPicker value={form.sfCliTarget ?? ''} onPick={set('sfCliTarget')} />}
        {spec.fields.map(field)}
        {field(API_VERSION_FIELD)}
      </form>
    </Modal>
  );
}
