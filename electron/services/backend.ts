/**
 * The back end behind all three front doors. `dispatch(name, input)` validates the input
 * with the contract's schema, runs the handler and answers with the contract's result:
 * expected failures (AppError) become `{ ok: false }`; anything else is a bug, logged with
 * its stack and answered as `internal` without leaking details. In tests and development the
 * answer is also checked against the call's output schema (see `checksOutputs`).
 */
import { calls, isCallName, AppError, issuesFromZod, type Result, type CallName } from '../../shared/contract';
import { plainIssueMap, plainValidationMessage } from '../../shared/contract/plain-issues';
import { EventBus } from './events';
import { createLogger } from './log';
import { SfApiError, sfFailureForCall } from './salesforce/errors';
import { sweepStaging } from './snapshots/staging';
import { openDatabase } from './store/db';
import type { Door, ServiceContext } from './context';
import type { Handlers } from './handlers/types';
import { appHandlers } from './handlers/app';
import { orgHandlers } from './handlers/orgs';
import { collectHandlers } from './handlers/collect';
import { snapshotHandlers } from './handlers/snapshots';
import { CollectionRegistry } from './orgs/lock';
import { openInSystemBrowser, type OpenUrl } from './salesforce/web-flow';
import { secretStoreProvider } from './secrets/choose';
import type { SecretStore } from './secrets/secret-store';
import type { SalesforceTuning } from './orgs/deps';
import { auditHandlers } from './handlers/audit';
import { evidenceHandlers } from './handlers/evidence';
import { createAuditService } from './audit/service';
import { createDemoService } from './demo/service';
import { demoHandlers } from './handlers/demo';
import { usageHandlers } from './handlers/usage';
import { createUsageService } from './usage/service';

export interface BackendOptions {
  dataDir: string;
  door: Door;
  electronVersion?: string | null;
  /** Where credentials live (desktop: safeStorage); default: keychain, passphrase file or session. */
  secretStore?: SecretStore;
  /** Opens the system browser for the OAuth web flow (tests follow the redirect themselves). */
  openUrl?: OpenUrl;
  /** Retry, Bulk and chunking knobs for the Salesforce client. */
  salesforce?: SalesforceTuning;
  /** Check every answer against the call's output schema (default: `checksOutputs(process.env)`). */
  checkOutputs?: boolean;
}

/**
 * Whether answers are checked against the contract's output schemas: in tests (Vitest sets
 * NODE_ENV=test), in development (`npm start`, the e2e servers set IUA_CHECK_OUTPUTS=1), never in
 * an installed app unless asked (IUA_CHECK_OUTPUTS=1; =0 turns it off anywhere). A mismatch is a
 * bug: logged with zod's issues, answered as `internal`.
 */
export function checksOutputs(env: Record<string, string | undefined>): boolean {
  if (env.IUA_CHECK_OUTPUTS === '1') return true;
  if (env.IUA_CHECK_OUTPUTS === '0') return false;
  return env.NODE_ENV === 'test' || env.NODE_ENV === 'development';
}

export interface Backend {
  ctx: ServiceContext;
  dispatch(name: string, input: unknown): Promise<Result<unknown>>;
  /** Like dispatch, but for in-process callers (the CLI) that want the value or an AppError thrown. */
  call<C extends CallName>(name: C, input: Parameters<Handlers[C]>[0]): Promise<Awaited<ReturnType<Handlers[C]>>>;
  /** Closes the database at once (synchronously) and resolves when background services (the demo org) have stopped. */
  close(): Promise<void>;
}

export function createBackend(options: BackendOptions): Backend {
  const log = createLogger('backend');
  const checkOutputs = options.checkOutputs ?? checksOutputs(process.env);
  const ctx: ServiceContext = {
    dataDir: options.dataDir,
    door: options.door,
    electronVersion: options.electronVersion ?? null,
    database: openDatabase(options.dataDir),
    events: new EventBus(),
    log,
  };
  if (ctx.database.state !== 'ok') log.error('database unavailable; starting in recovery state', { state: ctx.database.state, path: ctx.database.path });
  else {
    // Rows an earlier version staged for a collection that was killed (never visible as a snapshot) take disk space only.
    const swept = sweepStaging(ctx.database.db);
    if (swept > 0) log.info('removed rows staged by an interrupted collection', { rows: swept });
  }

  const audit = createAuditService(ctx);
  const orgDeps = {
    secrets: secretStoreProvider(options.dataDir, options.secretStore),
    openUrl: options.openUrl ?? openInSystemBrowser,
    collections: new CollectionRegistry(),
    tuning: options.salesforce ?? {},
  };
  const demo = createDemoService(ctx, orgDeps, audit);
  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...orgHandlers(orgDeps)(ctx),
    ...collectHandlers(orgDeps)(ctx),
    ...snapshotHandlers(audit)(ctx),
    ...auditHandlers(audit)(ctx),
    ...evidenceHandlers(audit)(ctx),
    ...demoHandlers(demo)(ctx),
    ...usageHandlers(createUsageService(ctx, orgDeps, audit))(ctx),
  };

  async function dispatch(name: string, input: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'not_found', message: `Unknown call: ${String(name).slice(0, 100)}` } };
    // zod's own wording never reaches a user: each problem names the field in words.
    const parsed = calls[name].input.safeParse(input ?? {}, { error: plainIssueMap });
    if (!parsed.success) {
      return { ok: false, error: { code: 'validation', message: plainValidationMessage(parsed.error.issues), issues: issuesFromZod(parsed.error) } };
    }
    try {
      const handler = handlers[name] as (i: unknown) => unknown;
      const value = await handler(parsed.data);
      if (checkOutputs) {
        // The value itself is answered (not zod's copy), so checking never changes what callers get.
        const checked = calls[name].output.safeParse(value);
        if (!checked.success) {
          log.error(`handler ${name} answered outside its output schema`, { issues: checked.error.issues.slice(0, 20) });
          return { ok: false, error: { code: 'internal', message: `Something went wrong in ${name}. Details are in the log.` } };
        }
      }
      return { ok: true, value };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toShape() };
      if (err instanceof SfApiError) {
        const alias = (parsed.data as { alias?: unknown }).alias;
        const words = sfFailureForCall(name, typeof alias === 'string' ? alias : undefined, err);
        log.warn(`handler ${name}: ${words.message}`);
        return { ok: false, error: words.toShape() };
      }
      log.error(`handler ${name} failed`, err);
      return { ok: false, error: { code: 'internal', message: `Something went wrong in ${name}. Details are in the log.` } };
    }
  }

  return {
    ctx,
    dispatch,
    async call(name, input) {
      const result = await dispatch(name, input);
      if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.issues);
      return result.value as never;
    },
    close() {
      if (ctx.database.state === 'ok' && ctx.database.db.open) ctx.database.db.close();
      return demo.close();
    },
  };
}
