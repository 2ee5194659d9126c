/**
 * Scoped loggers with redaction from day one: tokens, refresh tokens, passwords, secrets and
 * private keys are masked before anything is written, whatever the caller passed.
 */
const SECRET_KEYS = /(token|secret|password|passphrase|authorization|private_?key|assertion|code_verifier|sid)/i;
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._!~+/=-]{8,}/g;
// Salesforce session ids look like 00D…!AQ…; mask anything of that shape.
const SESSION_ID = /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}/g;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const QUERY_SECRET = /([?&](?:access_token|refresh_token|token|client_secret|password|code)=)[^&\s]+/gi;

export function redactString(text: string): string {
  return text.replace(PEM, '[REDACTED PRIVATE KEY]').replace(BEARER, '$1 [REDACTED]').replace(SESSION_ID, '[REDACTED SESSION]').replace(QUERY_SECRET, '$1[REDACTED]');
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Error) return { name: value.name, message: redactString(value.message), stack: value.stack ? redactString(value.stack) : undefined };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) && v != null ? '[REDACTED]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: unknown): void;
  info(msg: string, data?: unknown): void;
  warn(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
  child(scope: string): Logger;
}

export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stderr.write(line + '\n');
let minLevel: Level = (process.env.IUA_LOG_LEVEL as Level) in ORDER ? (process.env.IUA_LOG_LEVEL as Level) : 'warn';

/** Where log lines go (stderr by default; the desktop app adds a file). */
export function setLogSink(next: LogSink, level?: Level): void {
  sink = next;
  if (level) minLevel = level;
}

export function createLogger(scope: string): Logger {
  const write = (level: Level, msg: string, data?: unknown) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const entry = { time: new Date().toISOString(), level, scope, msg: redactString(msg), ...(data === undefined ? {} : { data: redact(data) }) };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (sub) => createLogger(`${scope}.${sub}`),
  };
}
