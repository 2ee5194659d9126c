import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueries } from '@tanstack/react-query';
import { AUTH_FLOWS, validateScope, type ScopeFile } from '../../../shared/audit/scope';
import { callOrThrow, CallError, useApi, useCall, useCallMutation } from '../../api/context';
import { Alert } from '../../components/Alert';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { errorTitle } from '../../components/errors';
import { useEvaluation, useOrgAlias, useOrgPath } from '../org/useOrg';
import { useReviewerName } from '../checklist/reviewer';
import { ScopeLists } from './ScopeLists';
import { UserPicker } from './UserPicker';
import { draftErrors, EMPTY_DRAFT, fromSystem, toSystem, withSystem, type Draft } from './scopeDraft';

export function SystemEditorPage() {
  const { system: original = null } = useParams();
  const [params] = useSearchParams();
  const alias = useOrgAlias();
  const scope = useCall('scope.get', { orgAlias: alias });
  const templates = useCall('scope.templates', {});
  const [draft, setDraft] = useState<Draft | null>(null);
  const templateName = params.get('template');

  // Seed the form once: from the system being edited, a template, or blank.
  useEffect(() => {
    if (draft || !scope.data) return;
    if (original) {
      const s = scope.data.scope.systems.find((x) => x.name === original);
      if (s) setDraft(fromSystem(s));
      return;
    }
    if (templateName) {
      if (!templates.data) return;
      const t = templates.data.find((x) => x.name === templateName);
      setDraft(t ? fromSystem(t.system) : EMPTY_DRAFT);
      return;
    }
    setDraft(EMPTY_DRAFT);
  }, [draft, scope.data, templates.data, original, templateName]);

  if (scope.isError)
    return (
      <Alert variant="error" title={errorTitle(scope.error)}>
        {scope.error.message}
      </Alert>
    );
  if (!scope.data || !draft) return <p role="status">Loading…</p>;
  if (original && !scope.data.scope.systems.some((s) => s.name === original))
    return (
      <Alert variant="error" title="Unknown system">
        No system named “{original}” is declared for this org.
      </Alert>
    );
  return <Editor alias={alias} original={original} scope={scope.data.scope} draft={draft} setDraft={setDraft} />;
}

function Editor({ alias, original, scope, draft, setDraft }: { alias: string; original: string | null; scope: ScopeFile; draft: Draft; setDraft: (d: Draft) => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const path = useOrgPath();
  const save = useCallMutation('scope.save');
  const [author, setAuthor, authorSettling] = useReviewerName();
  const view = useEvaluation();
  const [localError, setLocalError] = useState<CallError | null>(null);
  const users = useMemo(() => view.data?.evaluation.users ?? [], [view.data]);
  const idsByUsername = useMemo(() => new Map(users.map((u) => [u.username.toLowerCase(), u.id])), [users]);
  // Pickers offer what the assigned users actually hold in this snapshot.
  const accessQueries = useQueries({
    queries: draft.users
      .map((u) => idsByUsername.get(u.toLowerCase()))
      .filter((id): id is string => !!id)
      .map((userId) => ({ queryKey: ['audit.user', { orgAlias: alias, userId }], queryFn: () => callOrThrow(api, 'audit.user', { orgAlias: alias, userId }) })),
  });
  const held = useMemo(() => {
    const objects = new Set<string>();
    const fields = new Set<string>();
    const perms = new Set<string>();
    for (const q of accessQueries) {
      const a = q.data?.access;
      if (!a) continue;
      Object.keys(a.objects).forEach((o) => objects.add(o));
      Object.keys(a.fields).forEach((f) => fields.add(f));
      Object.keys(a.systemPermissions).forEach((p) => perms.add(p));
    }
    return { objects: [...objects].sort(), fields: [...fields].sort(), perms: [...perms].sort() };
  }, [accessQueries]);

  const system = toSystem(draft);
  const { scope: next, index } = withSystem(scope, original, system);
  const error = localError ?? save.error;
  const { byField, other } = error?.issues ? draftErrors(error.issues, index) : { byField: new Map<string, string>(), other: [] as string[] };
  const set = (k: keyof Draft) => (v: string) => setDraft({ ...draft, [k]: v });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const checked = validateScope(next, 'scope');
    if (!checked.ok) {
      setLocalError(
        new CallError(
          'validation',
          'Some fields need attention.',
          checked.errors.map((p) => ({ path: p.path, message: p.reason })),
        ),
      );
      return;
    }
    setLocalError(null);
    save.mutate({ orgAlias: alias, scope: checked.scope, ...(author.trim() ? { author } : {}) }, { onSuccess: () => void navigate(path('systems')) });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="System">
      <PageHeader
        title={original ? `Edit ${original}` : 'New system'}
        meta="What this system is allowed to do. Anything the users hold beyond this scope becomes a finding."
        actions={
          <>
            <button type="button" className="slds-button slds-button_neutral" onClick={() => navigate(path('systems'))}>
              Cancel
            </button>
            <button type="submit" className="slds-button slds-button_brand" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save system'}
            </button>
          </>
        }
      />
      {error && (
        <Alert variant="error" title={errorTitle(error)}>
          {error.message} Nothing was saved; your changes are still here.
          {other.length > 0 && (
            <ul className="slds-list_dotted">
              {other.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <div className="slds-grid slds-gutters slds-wrap">
        <section className="slds-col slds-size_1-of-2" aria-labelledby="about-heading">
          <div className="slds-card slds-p-around_medium slds-m-bottom_medium">
            <h2 id="about-heading" className="slds-text-heading_small slds-m-bottom_small">
              About the system
            </h2>
            <TextField label="Name" required value={draft.name} onChange={set('name')} error={byField.get('name')} />
            <TextField label="Owner" value={draft.owner} onChange={set('owner')} error={byField.get('owner')} help="The person accountable for this integration (IU-15)." />
            <TextArea label="Purpose" value={draft.purpose} onChange={set('purpose')} error={byField.get('purpose')} rows={2} />
            <TextField label="Vendor" value={draft.vendor} onChange={set('vendor')} error={byField.get('vendor')} />
            <div className="slds-grid slds-gutters_x-small">
              <div className="slds-col">
                <TextField label="Review cadence" value={draft.reviewCadence} onChange={set('reviewCadence')} placeholder="annual" error={byField.get('reviewCadence')} />
              </div>
              <div className="slds-col">
                <TextField label="Last reviewed" type="date" value={draft.lastReviewed} onChange={set('lastReviewed')} error={byField.get('lastReviewed')} />
              </div>
            </div>
            <SelectField
              label="Authentication flow"
              value={draft.authFlow}
              onChange={set('authFlow')}
              error={byField.get('authFlow')}
              options={[{ value: '', label: 'Not declared' }, ...AUTH_FLOWS.map((f) => ({ value: f, label: f }))]}
            />
            <TextField label="Connected app" value={draft.connectedApp} onChange={set('connectedApp')} error={byField.get('connectedApp')} />
            <TextArea label="Allowed IP ranges (one CIDR per line)" value={draft.ipRanges} onChange={set('ipRanges')} error={byField.get('ipRanges')} rows={2} />
            <TextField
              label="Allowed field classifications (comma-separated)"
              value={draft.classifications}
              onChange={set('classifications')}
              error={byField.get('classifications')}
              placeholder="PHI, PII"
            />
            <div className="slds-grid slds-gutters_x-small">
              <div className="slds-col">
                <TextField label="Stale after (days)" value={draft.staleDays} onChange={set('staleDays')} error={byField.get('staleDays')} />
              </div>
              <div className="slds-col">
                <TextField label="Rotate within (days)" value={draft.rotationDays} onChange={set('rotationDays')} error={byField.get('rotationDays')} />
              </div>
              <div className="slds-col">
                <TextField label="Look back (days)" value={draft.lookbackDays} onChange={set('lookbackDays')} error={byField.get('lookbackDays')} />
              </div>
            </div>
          </div>
        </section>
        <section className="slds-col slds-size_1-of-2" aria-labelledby="users-heading">
          <div className="slds-card slds-p-around_medium slds-m-bottom_medium">
            <h2 id="users-heading" className="slds-text-heading_small slds-m-bottom_small">
              Users this system runs as
            </h2>
            <UserPicker users={users} selected={draft.users} onChange={(u) => setDraft({ ...draft, users: u })} error={byField.get('users')} />
          </div>
        </section>
      </div>
      <ScopeLists draft={draft} setDraft={setDraft} byField={byField} held={held} />
      <div className="slds-card slds-p-around_medium slds-m-bottom_medium" style={{ maxWidth: '32rem' }}>
        <TextField label="Your name" value={author} onChange={setAuthor} disabled={authorSettling} help="Recorded with this change in the scope history." />
      </div>
    </form>
  );
}
