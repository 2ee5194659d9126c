/**
 * Fault injection (`--faults FILE.json`): latency, random failures and rules that fail
 * matching requests after letting some through, to rehearse the collector's error paths.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError, issuesFromZod } from '../../shared/contract';
import { Rng } from './rng';

const RuleSchema = z
  .object({
    object: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    after: z.number().int().min(0).default(0),
    times: z.number().int().min(0).nullable().default(null),
    status: z.number().int().min(100).max(599).optional(),
    errorCode: z.string().min(1).optional(),
    message: z.string().optional(),
    dropConnection: z.boolean().default(false),
    latencyMs: z.number().min(0).max(600_000).default(0),
  })
  .strict();

export const FaultConfigSchema = z
  .object({
    latencyMs: z.number().min(0).max(600_000).default(0),
    failRate: z.number().min(0).max(1).default(0),
    seed: z.number().int().default(1),
    rules: z.array(RuleSchema).default([]),
  })
  .strict();

export type FaultConfigInput = z.input<typeof FaultConfigSchema>;

export interface FaultAction {
  latencyMs: number;
  drop: boolean;
  error: { status: number; errorCode: string; message: string } | null;
}

export function parseFaultConfig(input: unknown, source = 'faults'): z.output<typeof FaultConfigSchema> {
  const parsed = FaultConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new AppError('bad_file', `${source}: ${issues[0].path}: ${issues[0].message}`, issues);
  }
  for (const [i, r] of parsed.data.rules.entries()) {
    if (r.path) {
      try {
        new RegExp(r.path);
      } catch {
        throw new AppError('bad_file', `${source}: rules.${i}.path: not a valid regular expression`);
      }
    }
  }
  return parsed.data;
}

export function loadFaultFile(file: string): z.output<typeof FaultConfigSchema> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('bad_file', `${file}: cannot read the faults file (${(err as Error).message})`);
  }
  return parseFaultConfig(parsed, file);
}

const DEFAULT_MESSAGES: Record<string, string> = {
  REQUEST_LIMIT_EXCEEDED: 'TotalRequests Limit exceeded.',
  INSUFFICIENT_ACCESS: 'Insufficient Privileges: you do not have access to this object',
  API_DISABLED_FOR_ORG: 'API is not enabled for this Organization or Partner',
  INVALID_SESSION_ID: 'Session expired or invalid',
  QUERY_TIMEOUT: 'Your query request was running for too long.',
  SERVER_UNAVAILABLE: 'Server temporarily unavailable',
};

export class Faults {
  private config: z.output<typeof FaultConfigSchema>;
  private counters: number[] = [];
  private regexes: (RegExp | null)[] = [];
  private rng: Rng;

  constructor(config?: unknown) {
    this.config = parseFaultConfig(config ?? {});
    this.rng = new Rng(this.config.seed);
    this.reset();
  }

  set(config: unknown): void {
    this.config = parseFaultConfig(config ?? {});
    this.rng = new Rng(this.config.seed);
    this.reset();
  }

  private reset(): void {
    this.counters = this.config.rules.map(() => 0);
    this.regexes = this.config.rules.map((r) => (r.path ? new RegExp(r.path) : null));
  }

  /** Decides the fate of one request; counts it against every rule it matches. */
  decide(path: string, object: string | null): FaultAction {
    const action: FaultAction = { latencyMs: this.config.latencyMs, drop: false, error: null };
    this.config.rules.forEach((rule, i) => {
      if (rule.object && (!object || rule.object.toLowerCase() !== object.toLowerCase())) return;
      const re = this.regexes[i];
      if (re && !re.test(path)) return;
      const n = this.counters[i]++;
      if (n < rule.after) return;
      if (rule.times !== null && n >= rule.after + rule.times) return;
      action.latencyMs += rule.latencyMs;
      if (action.error || action.drop) return;
      if (rule.dropConnection) action.drop = true;
      else if (rule.status !== undefined || rule.errorCode) {
        const errorCode = rule.errorCode ?? 'UNKNOWN_EXCEPTION';
        action.error = { status: rule.status ?? 500, errorCode, message: rule.message ?? DEFAULT_MESSAGES[errorCode] ?? `Injected fault: ${errorCode}` };
      }
    });
    if (!action.error && !action.drop && this.config.failRate > 0 && this.rng.next() < this.config.failRate) {
      action.error = { status: 503, errorCode: 'SERVER_UNAVAILABLE', message: DEFAULT_MESSAGES.SERVER_UNAVAILABLE };
    }
    return action;
  }
}
