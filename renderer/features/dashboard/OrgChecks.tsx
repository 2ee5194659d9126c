import { CHECKS } from '../../../shared/audit/catalog';
import type { AuditView } from '../../../shared/contract';
import { ResultCard } from '../checklist/ResultCard';

/**
 * The org-wide checks (ORG-xx) belong to no system, so they have no checklist: they are
 * reviewed here. An override is recorded with an empty system (review.attest) and shown
 * beside the computed status, as on a checklist.
 */
export function OrgChecks({ view, alias }: { view: AuditView; alias: string }) {
  const results = view.evaluation.orgChecks;
  if (results.length === 0) return null;
  const title = (id: string) => CHECKS.find((c) => c.id === id)?.title ?? '';
  return (
    <section className="slds-m-top_medium" aria-labelledby="org-checks-heading" data-testid="org-checks">
      <h2 id="org-checks-heading" className="slds-text-heading_small slds-m-bottom_x-small">
        Org-wide checks
      </h2>
      <p className="slds-text-body_small slds-text-color_weak slds-m-bottom_small">
        These apply to the whole org rather than one system. Override a result with a justification; the computed status stays beside yours in the evidence.
      </p>
      {results.map((r) => (
        <ResultCard
          key={`${r.id}-${r.userId ?? 'org'}`}
          alias={alias}
          system=""
          title={`${r.id} ${title(r.id)}`}
          result={r}
          notes={view.notes.filter((n) => n.system === '' && n.checkId === r.id && (n.userId ?? null) === (r.userId ?? null))}
        />
      ))}
    </section>
  );
}
