import { Link } from 'react-router';
import { CHECK_BY_ID } from '../../../shared/audit/catalog';
import { USAGE_CHECK_BY_ID } from '../../../shared/audit/usage-catalog';
import { isOpen } from '../../../shared/audit/decisions';
import { StatusBadge } from '../../components/Badges';
import { useEvaluation, useOrgPath } from '../org/useOrg';

/** The user's results that still need a decision, in every system that declares them. */
export function OpenFindings({ userId }: { userId: string }) {
  const view = useEvaluation();
  const path = useOrgPath();
  if (!view.data) return null;
  const asOf = new Date().toISOString();
  const open = view.data.evaluation.systems.flatMap((s) => s.checks.filter((c) => c.userId === userId && isOpen(c, asOf)).map((c) => ({ system: s.name, result: c })));
  return (
    <section className="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="open-findings-heading" data-testid="user-open-findings">
      <h2 id="open-findings-heading" className="slds-text-heading_small slds-m-bottom_x-small">
        Open findings ({open.length})
      </h2>
      {open.length === 0 ? (
        <p>None: every result of this user is a pass or has a decision.</p>
      ) : (
        <ul>
          {open.map(({ system, result }) => (
            <li key={`${system}-${result.id}`} className="slds-m-bottom_xx-small">
              <StatusBadge status={result.status} />{' '}
              <Link to={path(`systems/${encodeURIComponent(system)}/checklist?check=${result.id}`)} style={{ textDecoration: 'underline' }}>
                {system} · {result.id} {(CHECK_BY_ID.get(result.id) ?? USAGE_CHECK_BY_ID.get(result.id))?.title ?? ''}
              </Link>
              : {result.summary}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
