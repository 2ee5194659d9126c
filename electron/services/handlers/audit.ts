import { AppError } from '../../../shared/contract';
import { parseScopeText, serializeScope } from '../../../shared/audit/scope';
import { SCOPE_TEMPLATES, TEMPLATE_NAMES } from '../../../shared/audit/templates';
import { driftBetween } from '../audit/drift-between';
import type { AuditService } from '../audit/service';
import type { HandlerFactory } from './types';

type AuditCalls =
  | 'scope.get'
  | 'scope.save'
  | 'scope.import'
  | 'scope.export'
  | 'scope.templates'
  | 'audit.evaluate'
  | 'audit.user'
  | 'audit.diff'
  | 'review.attest'
  | 'review.note'
  | 'review.setState'
  | 'review.signoff'
  | 'scope.history'
  | 'review.carryForward'
  | 'review.activity'
  | 'review.settings'
  | 'review.reviewer';

export function auditHandlers(audit: AuditService): HandlerFactory<AuditCalls> {
  return () => ({
    'scope.get': ({ orgAlias }) => {
      const scope = audit.scope(orgAlias);
      return { scope, warnings: audit.warnings(orgAlias, scope) };
    },
    'scope.save': ({ orgAlias, scope, author }) => {
      audit.saveScope(orgAlias, scope, author);
      return { warnings: audit.warnings(orgAlias, scope) };
    },
    'scope.import': ({ orgAlias, text, fileName, format, author }) => {
      const parsed = parseScopeText(text, { fileName, format: format ?? (/\.json$/i.test(fileName) ? 'json' : 'yaml') });
      if (!parsed.ok) {
        throw new AppError(
          'bad_file',
          `${fileName} is not a valid scope file: ${parsed.errors.length} problem(s). First: ${parsed.errors[0].path}: ${parsed.errors[0].reason}`,
          parsed.errors.map((e) => ({ path: e.path, message: e.reason })),
        );
      }
      audit.saveScope(orgAlias, parsed.scope, author);
      return { systems: parsed.scope.systems.length, warnings: audit.warnings(orgAlias, parsed.scope) };
    },
    'scope.export': ({ orgAlias, format }) => ({ text: serializeScope(audit.scope(orgAlias), format), format }),
    'scope.history': ({ orgAlias }) => ({ versions: audit.scopeHistory(orgAlias) }),
    'scope.templates': () => TEMPLATE_NAMES.map((name) => ({ name, title: SCOPE_TEMPLATES[name].purpose, system: SCOPE_TEMPLATES[name] })),
    'audit.evaluate': ({ orgAlias, snapshotId }) => audit.view(orgAlias, snapshotId),
    'audit.user': ({ orgAlias, snapshotId, userId }) => audit.user(orgAlias, userId, snapshotId),
    'audit.diff': ({ orgAlias, from, to }) => {
      const a = audit.loaded(audit.resolveSnapshotId(orgAlias, from));
      const b = audit.loaded(audit.resolveSnapshotId(orgAlias, to));
      return driftBetween(a, b, audit.scope(orgAlias));
    },
    'review.attest': (input) => {
      audit.attest({ ...input, userId: input.userId ?? null });
      return { ok: true as const };
    },
    'review.note': (input) => {
      audit.note({ ...input, userId: input.userId ?? null });
      return { ok: true as const };
    },
    'review.setState': ({ orgAlias, system, state }) => ({ state: audit.setState(orgAlias, system, state) }),
    'review.signoff': (input) => audit.signOff(input),
    'review.carryForward': ({ orgAlias }) => audit.carryForward(orgAlias),
    'review.activity': ({ orgAlias }) => ({ entries: audit.activity(orgAlias) }),
    'review.settings': ({ orgAlias, separateApprover, actor }) => ({ separateApprover: audit.settings(orgAlias, separateApprover, actor) }),
    'review.reviewer': (change) => audit.reviewer(change),
  });
}
