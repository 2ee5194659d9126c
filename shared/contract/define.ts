/**
 * The building blocks of the contract: every call is `domain.verb` with one object as input,
 * a zod schema on each side, and an answer that is a value, never a thrown error.
 */
import { z } from 'zod';

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for docs and `--help`. */
  summary: string;
}

/**
 * A path the back end reads or writes must be absolute (a relative one would resolve against
 * whatever directory the process started in). As node:path's isAbsolute: on Windows (or in a
 * browser, which cannot know the back end's platform) `/…`, `\\…` and `C:\…`; elsewhere `/…`.
 */
const platform = (globalThis as { process?: { platform?: string } }).process?.platform;
export function isAbsolutePath(p: string): boolean {
  if (platform === undefined || platform === 'win32') return /^([\\/]|[A-Za-z]:[\\/])/.test(p);
  return p.startsWith('/');
}
export const AbsolutePath = z.string().min(1).max(4096).refine(isAbsolutePath, 'must be an absolute path');

/** A snapshot's id as calls name it (the store decides whether it exists). */
export const SnapshotId = z.string().trim().min(1).max(100);
/** The person acting: a reviewer, an author of a scope edit. */
export const PersonName = z.string().trim().min(1, 'your name is required').max(200);
/** A calendar date. */
export const IsoDate = z.iso.date('a date as YYYY-MM-DD');

export function defineCall<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}

/**
 * Codes the UI can act on. Expected failures travel as values with one of these codes;
 * `internal` means a bug (logged with its stack on the back end, never shown raw).
 */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'conflict',
  'busy',
  'auth_required',
  'org_error',
  'api_limit',
  'network',
  'damaged_database',
  'newer_database',
  /** The disk holding the data directory is full: nothing was stored. */
  'disk_full',
  'bad_file',
  'cancelled',
  'forbidden',
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Field-level problems for forms: path → message. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An expected failure. Handlers throw it; every front door turns it into `{ ok: false }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'AppError';
  }
  toShape(): AppErrorShape {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** Turns a zod failure into field-level issues a form can show. */
export function issuesFromZod(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
}
