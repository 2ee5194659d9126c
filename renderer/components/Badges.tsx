import type { Status, Classification } from '../../shared/audit/types';
import type { Severity } from '../../shared/audit/catalog';

const STATUS_CLASS: Record<Status, string> = {
  pass: 'slds-theme_success',
  fail: 'slds-theme_error',
  warn: 'slds-theme_warning',
  'n/a': '',
  manual: 'slds-badge_lightest',
  error: 'slds-theme_error',
};

const STATUS_LABEL: Record<Status, string> = { pass: 'Pass', fail: 'Fail', warn: 'Warning', 'n/a': 'Not applicable', manual: 'Manual', error: 'Error (data missing)' };

export function statusLabel(s: Status): string {
  return STATUS_LABEL[s] ?? s;
}

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`slds-badge ${STATUS_CLASS[status] ?? ''}`}>{statusLabel(status)}</span>;
}

const CLASS_LABEL: Record<Classification, string> = {
  integration: 'Integration',
  'api-only': 'API only',
  'human-as-integration': 'Person used as integration',
  system: 'System',
  human: 'Person',
};

export function classificationLabel(c: Classification | string): string {
  return CLASS_LABEL[c as Classification] ?? c;
}

export function ClassificationBadge({ value }: { value: Classification }) {
  return (
    <span className={`slds-badge ${value === 'human-as-integration' ? 'slds-theme_error' : value === 'human' ? '' : 'slds-badge_inverse'}`}>{classificationLabel(value)}</span>
  );
}

const SEVERITY_LABEL: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };
// Contrast-safe SLDS themes; the word carries the meaning, the colour only repeats it.
const SEVERITY_CLASS: Record<Severity, string> = { high: 'slds-theme_error', medium: 'slds-theme_warning', low: 'slds-badge_lightest' };

export function severityLabel(s: Severity): string {
  return SEVERITY_LABEL[s] ?? s;
}

/** A check's severity (our own assignment, docs/checks.md), spelled out so it is not colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`slds-badge ${SEVERITY_CLASS[severity] ?? ''}`} data-testid="severity">
      {severityLabel(severity)} severity
    </span>
  );
}
