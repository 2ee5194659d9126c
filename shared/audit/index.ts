/**
 * Public API of the audit engine. Pure TypeScript: no I/O, no clock (the evaluation time is
 * an input), deterministic output.
 */
export * from './types';
export { evaluate, prepareAudit, type EvaluateInput, type PreparedAudit } from './evaluate';
export { buildIndex, gapFor, type SnapshotIndex } from './snapshot-index';
export { createAccessEngine, compareSources, assignmentLive, type AccessEngine, type EffectiveAccess, type SourceGrants } from './access';
export { classifyUser, classifyUsers, isApiLogin, isInteractiveLogin, describeSources, INTEGRATION_LIKE } from './classify';
export { CHECKS, CHECK_BY_ID, checkDef, NEEDED_OBJECTS, ACCESS_OBJECTS, CLASSIFY_OBJECTS, type CheckDef, type CheckMode } from './catalog';
export { DEFAULT_SETTINGS, HIGH_RISK_PERMISSIONS, resolveSettings, type AuditSettings } from './settings';
export {
  ACCESS_LEVELS, AUTH_FLOWS, Access, ScopeFile, SystemScope, Thresholds,
  parseScopeText, validateScope, serializeScope, closeAccess, normalizePermissionName, formatPath,
  type ScopeProblem, type ScopeParseResult,
} from './scope';
export { scopeWarnings } from './scope-warnings';
export { SCOPE_TEMPLATES, TEMPLATE_NAMES, scopeTemplate } from './templates';
export {
  applyDecisions, validateDecision, transitionReview, allowedTransitions, stateAfterDecision, signOff, REVIEW_STATES,
  type Decision, type ApplyResult, type ReviewState, type TransitionResult, type SignOff, type SignOffResult,
} from './decisions';
export { drift, diffEvaluations, diffAccess, flattenAccess, type Drift, type UserPermissionDrift, type PermissionChange, type CheckChange, type UserRef } from './drift';
export { parseCidr, parseIp, ipInRanges } from './ip';
