/**
 * Reading ahead on a second core: statements the audit engine will run against a stored
 * snapshot (whole-object scans of a large org, each a fraction of a second) are started on a
 * worker thread with its own read-only connection, and the engine takes their answers when it
 * gets to them, having done other work meanwhile. A snapshot never changes, so the worker's
 * answer is the one the engine's own connection would give; whatever the worker cannot answer
 * (it could not start, a statement failed, it took too long) the engine runs itself.
 *
 * The engine is synchronous, so a taken answer is waited for by blocking on a shared counter
 * (Atomics.wait) and read with receiveMessageOnPort, never through the event loop.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { nativeBindingOption } from '../store/db';

/** A statement as the lookup runs it: `get` (one row) or `all`, rows as arrays (`raw`) or their only value (`pluck`). */
export interface Statement {
  sql: string;
  params: readonly unknown[];
  one: boolean;
  shape: 'pluck' | 'raw';
}

/** What identifies a statement's answer: its text and its parameters. */
export function statementKey(s: Statement): string {
  return `${s.one ? 'get' : 'all'}/${s.shape}\u0000${s.sql}\u0000${JSON.stringify(s.params)}`;
}

/**
 * The worker: plain JavaScript, evaluated, so no bundler entry or TypeScript loader is needed
 * wherever the app runs. It opens the database read-only, answers each statement in order on
 * its port, counts each answer on the shared counter, and ends.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, counter, driver, binding, file, statements } = workerData;
const posted = new Int32Array(counter);
const tell = () => { Atomics.add(posted, 0, 1); Atomics.notify(posted, 0); };
Atomics.store(posted, 1, 1);
Atomics.notify(posted, 0);
let db;
try {
  const Database = require(driver);
  db = new Database(file, { readonly: true, fileMustExist: true, ...binding });
  for (const s of statements) {
    let answer;
    try {
      const stmt = db.prepare(s.sql)[s.shape === 'pluck' ? 'pluck' : 'raw']();
      answer = { key: s.key, rows: s.one ? stmt.get(...s.params) : stmt.all(...s.params) };
    } catch (err) {
      answer = { key: s.key, failed: true };
    }
    port.postMessage(answer);
    tell();
  }
} catch (err) {
  port.postMessage({ unavailable: true });
  tell();
} finally {
  try { if (db) db.close(); } catch (err) {}
}
`;

/** How long a taken answer is waited for without the worker answering anything, before the engine runs the statement itself. */
const PATIENCE_MS = 120_000;
/**
 * How long a taken answer is waited for a worker that has not started (a thread starts in tens
 * of ms): one that failed to start says so only through an event, which cannot arrive while
 * this thread waits.
 */
const START_PATIENCE_MS = 10_000;

/**
 * Whether this thread may block in Atomics.wait. Node's main thread may; a browser's may not,
 * and whether Electron's main process (where the desktop app's back end runs) may is
 * unverified. V8 refuses before it compares the value, so a call that would not block asks.
 * Where it may not, an answer not yet in when taken is left to the caller (no wrong answer,
 * only the scan made twice).
 */
const mayBlock = (() => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

type Answer = { key: string; rows: unknown } | { key: string; failed: true } | { unavailable: true };

/**
 * Statements read ahead in this process and answers taken (tests and benchmarks: an answer
 * nobody takes means a call's arguments differ from the ones read ahead, and the scan ran twice).
 */
export const readAheadCounts = { statements: 0, taken: 0 };

/** Statements being answered by one worker; `take` hands each answer over once. */
export class ReadAhead {
  private readonly waiting = new Set<string>();
  private readonly answers = new Map<string, unknown>();
  private readonly posted: Int32Array;
  private seen = 0;
  private readonly port: MessagePort;

  constructor(file: string, statements: readonly Statement[]) {
    // [0] answers posted, [1] 1 once the worker runs.
    const counter = new SharedArrayBuffer(8);
    this.posted = new Int32Array(counter);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const list = statements.map((s) => ({ ...s, key: statementKey(s) }));
    for (const s of list) this.waiting.add(s.key);
    readAheadCounts.statements += list.length;
    try {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { port: port2, counter, driver: createRequire(import.meta.url).resolve('better-sqlite3'), binding: nativeBindingOption(), file, statements: list },
        transferList: [port2],
      });
      // Never keeps the process alive, and a failure to start only means the engine reads itself.
      worker.unref();
      worker.on('error', () => this.giveUp());
    } catch {
      this.giveUp();
    }
  }

  /** The answer to `s` if it was read ahead (waiting for it if need be), else undefined: the caller runs it. */
  take(s: Statement): { rows: unknown } | undefined {
    const key = statementKey(s);
    if (!this.waiting.has(key)) return undefined;
    let lastProgress = Date.now();
    while (!this.answers.has(key) && this.waiting.has(key)) {
      if (this.receive()) {
        lastProgress = Date.now();
        continue;
      }
      if (!mayBlock) break;
      const started = Atomics.load(this.posted, 1) === 1;
      if (Date.now() - lastProgress > (started ? PATIENCE_MS : START_PATIENCE_MS)) {
        this.giveUp();
        break;
      }
      Atomics.wait(this.posted, 0, this.seen, 1000);
    }
    this.waiting.delete(key);
    if (!this.answers.has(key)) return undefined;
    const rows = this.answers.get(key);
    this.answers.delete(key);
    readAheadCounts.taken++;
    return { rows };
  }

  /** Whether every answer was taken or given up on. */
  get settled(): boolean {
    return this.waiting.size === 0;
  }

  /** Moves the answers posted so far into `answers`; whether there was any. */
  private receive(): boolean {
    this.seen = Atomics.load(this.posted, 0);
    let any = false;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      any = true;
      const answer = m.message as Answer;
      if ('unavailable' in answer) this.giveUp();
      else if ('failed' in answer) this.waiting.delete(answer.key);
      // An answer the caller stopped waiting for (and ran itself) is not kept.
      else if (this.waiting.has(answer.key)) this.answers.set(answer.key, answer.rows);
    }
    return any;
  }

  private giveUp(): void {
    this.waiting.clear();
    this.answers.clear();
    this.port.close();
  }
}
