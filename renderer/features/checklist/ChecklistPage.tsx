import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { AuditView } from '../../../shared/contract';
import { REMEDIATION } from '../../../shared/audit/remediation';
import { Alert } from '../../components/Alert';
import { SeverityBadge, StatusBadge } from '../../components/Badges';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useEvaluation, useOrgAlias } from '../org/useOrg';
import { ResultCard } from './ResultCard';
import { ReviewControls } from './ReviewControls';
import { CarryForwardOffer } from './CarryForwardOffer';
import { PrintReport } from './PrintReport';
import { RootCauses } from '../dashboard/RootCauses';
import { firstOpenStep, nextOpenStep, pendingDecisions, stepsFor } from './steps';

export function ChecklistPage() {
  const { system = '' } = useParams();
  const view = useEvaluation();
  return (
    <QueryState query={view} label="the checklist">
      {(data) => <Checklist view={data} systemName={system} />}
    </QueryState>
  );
}

function Checklist({ view, systemName }: { view: AuditView; systemName: string }) {
  const alias = useOrgAlias();
  const [params, setParams] = useSearchParams();
  const system = view.evaluation.systems.find((s) => s.name === systemName);
  const steps = useMemo(() => (system ? stepsFor(system) : []), [system]);
  if (!system)
    return (
      <Alert variant="error" title="Unknown system">
        No system named “{systemName}” in this evaluation.
      </Alert>
    );
  // Without a check in the address, open on the first result that still needs a decision.
  const asked = steps.findIndex((s) => s.def.id === params.get('check'));
  const current = asked >= 0 ? asked : firstOpenStep(steps);
  const nextOpen = nextOpenStep(steps, current);
  const step = steps[current];
  const go = (i: number) => {
    const next = new URLSearchParams(params);
    next.set('check', steps[i].def.id);
    setParams(next);
  };
  const review = view.reviews.find((r) => r.system === system.name) ?? { system: system.name, state: 'not started' as const, signOff: null };
  const locked = review.state === 'signed off';
  const earlier = (view.earlierSignOffs ?? []).filter((s) => s.system === system.name);
  const notesFor = (checkId: string, userId: string | null) =>
    view.notes.filter((n) => n.system === system.name && n.checkId === checkId && (n.userId ?? null) === (userId ?? null));
  return (
    <>
      <PageHeader title={`Checklist: ${system.name}`} meta={`Owner ${system.owner || '(none)'} · ${system.purpose} · users: ${system.users.join(', ') || 'none'}`} />
      {!locked && (
        <div className="iua-no-print">
          <CarryForwardOffer alias={alias} view={view} />
        </div>
      )}
      <ReviewControls
        alias={alias}
        system={system}
        review={review}
        earlier={earlier}
        pending={locked ? [] : pendingDecisions(system)}
        onGo={(id) =>
          go(
            Math.max(
              0,
              steps.findIndex((s) => s.def.id === id),
            ),
          )
        }
      />
      <PrintReport system={system} steps={steps} />
      <div className="slds-grid slds-gutters iua-no-print">
        <nav className="slds-col slds-size_1-of-4" aria-label="Checks">
          <ol className="slds-card slds-p-vertical_x-small">
            {steps.map((s, i) => (
              <li key={s.def.id}>
                <button
                  type="button"
                  className={`slds-button slds-button_reset slds-p-around_x-small slds-grid slds-grid_align-spread ${i === current ? 'slds-theme_shade' : ''}`}
                  style={{ width: '100%', textAlign: 'left' }}
                  aria-current={i === current ? 'step' : undefined}
                  onClick={() => go(i)}
                >
                  <span>
                    <span className="iua-mono slds-text-body_small">{s.def.id}</span> {s.def.title}
                    {s.def.severity && <span className="slds-assistive-text"> ({s.def.severity} severity)</span>}
                    {s.decided && (
                      <span className="slds-text-body_small slds-text-color_weak" data-testid="step-decided">
                        {' '}
                        · decided
                      </span>
                    )}
                    {s.open && !locked && (
                      <span className="slds-text-body_small slds-text-color_error" data-testid="step-open">
                        {' '}
                        · needs a decision
                      </span>
                    )}
                  </span>
                  <span className="slds-grid slds-grid_vertical-align-center">
                    {s.def.severity && (
                      <span className="slds-text-body_small slds-text-color_weak slds-m-right_xx-small" aria-hidden="true" data-testid="step-severity">
                        {s.def.severity}
                      </span>
                    )}
                    <StatusBadge status={s.status} />
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
        {step && (
          <section className="slds-col slds-size_3-of-4" aria-labelledby="step-heading" data-testid="check-step">
            <div className="slds-card slds-p-around_medium slds-m-bottom_small">
              <div className="slds-grid slds-grid_align-spread">
                <div className="slds-grid slds-grid_vertical-align-center">
                  <h2 id="step-heading" className="slds-text-heading_medium slds-m-right_small">
                    {step.def.id} {step.def.title}
                  </h2>
                  {step.def.severity && <SeverityBadge severity={step.def.severity} />}
                </div>
                <span className="slds-text-body_small slds-text-color_weak">
                  Step {current + 1} of {steps.length} · {step.def.mode === 'manual' ? 'checked by you' : step.def.mode === 'hybrid' ? 'computed, confirmed by you' : 'computed'}
                </span>
              </div>
              <p className="slds-m-vertical_small">{step.def.rationale}</p>
              {REMEDIATION[step.def.id] && (
                <p className="slds-m-bottom_small" data-testid="check-remediation">
                  <strong>How to fix:</strong> {REMEDIATION[step.def.id]}
                </p>
              )}
              {step.def.frameworks.length > 0 && (
                <ul className="slds-grid slds-wrap" aria-label="Framework citations">
                  {step.def.frameworks.map((f) => (
                    <li key={f} className="slds-m-right_xx-small slds-m-bottom_xx-small">
                      <span className="slds-badge slds-badge_lightest">{f}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {step.results.map((r, i) => (
              <ResultCard key={`${r.userId ?? 'org'}-${i}`} alias={alias} system={system.name} result={r} notes={notesFor(r.id, r.userId)} locked={locked} />
            ))}
            <div className="slds-grid slds-grid_align-spread slds-m-top_small">
              <button type="button" className="slds-button slds-button_neutral" disabled={current === 0} onClick={() => go(current - 1)}>
                Previous check
              </button>
              <span>
                {!locked && (
                  <button type="button" className="slds-button slds-button_neutral" disabled={nextOpen < 0} onClick={() => go(nextOpen)}>
                    Next open item
                  </button>
                )}
                <button type="button" className="slds-button slds-button_brand" disabled={current >= steps.length - 1} onClick={() => go(current + 1)}>
                  Next check
                </button>
              </span>
            </div>
          </section>
        )}
      </div>
      <RootCauses systems={[system]} fileBase={`${alias}-${system.name}`} />
    </>
  );
}
