/**
 * Plumbing shared by the benchmark scenarios: each scenario side runs in its own child
 * process (so its peak RSS is its own and one side's garbage never slows the other), talks
 * back with one JSON line on stdout, and reports progress on stderr.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScopeFile, SystemScope } from '../../shared/audit/scope';
import { ROOT, TSX_CLI, CLI_MAIN } from '../support/tmp';

export { ROOT, TSX_CLI, CLI_MAIN };

export const BENCH_DIR = path.join(ROOT, 'test/bench');

/** Peak resident set size of this process so far, in MB (the kernel's high-water mark). */
export function peakRssMb(): number {
  // Linux reports maxRSS in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** What a scenario child prints as its last stdout line. */
export function reply(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function note(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

export function elapsedMs(since: number): number {
  return Math.round(performance.now() - since);
}

export interface ChildOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Heap for the child (the bare collect pipeline holds every row it read). */
  maxOldSpaceMb?: number;
  /** Forward the child's stderr (progress) to ours as it arrives. */
  forwardStderr?: boolean;
}

/** Runs `test/bench/<script>` under tsx and returns the JSON of its last stdout line. */
export function runChild<T>(script: string, options: ChildOptions = {}): Promise<T> {
  const argv = [`--max-old-space-size=${options.maxOldSpaceMb ?? 4096}`, TSX_CLI, path.join(BENCH_DIR, script), ...(options.args ?? [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...heapEnv(options.maxOldSpaceMb), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.forwardStderr) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}\n${stderr.slice(-4000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} did not end with a JSON line. stdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`));
      }
    });
  });
}

/**
 * tsx runs the script in a child node process and does not hand it its own `node` flags, so a
 * `--max-old-space-size` before the tsx CLI never reached the script (it ran with Node's default
 * heap, ~4 GB here); NODE_OPTIONS does reach it.
 */
function heapEnv(maxOldSpaceMb: number | undefined): Record<string, string> {
  if (!maxOldSpaceMb) return {};
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${maxOldSpaceMb}`.trim() };
}

/**
 * Peak resident set size (the kernel's VmHWM) of a process and its descendants, in MB: the
 * largest one, since tsx's launcher is a small parent of the process doing the work. Linux only
 * (/proc); null elsewhere or once the process has exited.
 */
function treePeakRssMb(pid: number): number | null {
  let peak: number | null = null;
  const visit = (p: number) => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) peak = Math.max(peak ?? 0, Math.round(Number(m[1]) / 1024));
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
      }
    } catch {
      // Not Linux, or the process is gone.
    }
  };
  visit(pid);
  return peak;
}

export interface StartedProcess {
  /** The first stdout match of the pattern given to startProcess. */
  match: RegExpExecArray;
  /** From spawn to the ready line. */
  readyMs: number;
  /** Peak RSS of the process tree so far (treePeakRssMb); read it before stop(). */
  peakRssMb(): number | null;
  stop(): Promise<void>;
}

/** Starts a long-running helper (the demo org, `iua serve`) and waits for a line on its stdout. */
export function startProcess(argv: string[], ready: RegExp, timeoutMs: number, env: Record<string, string> = {}): Promise<StartedProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const peakRss = () => (child.pid === undefined ? null : treePeakRssMb(child.pid));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${argv.slice(-4).join(' ')} was not ready in ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ match: m, readyMs: elapsedMs(started), peakRssMb: peakRss, stop });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${argv.slice(-4).join(' ')} exited with ${code} before it was ready. stderr: ${stderr}`));
    });
  });
}

/** Starts the demo org simulator in its own process (its memory and CPU are not the collector's). */
export async function startDemoOrgProcess(opts: {
  scale: number;
  seed: number;
  token: string;
  journal: string;
  maxOldSpaceMb?: number;
}): Promise<StartedProcess & { url: string }> {
  // The demo org holds the whole generated org in memory: at --scale 180000 that outgrows Node's default heap.
  const argv = [
    ...(opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : []),
    TSX_CLI,
    CLI_MAIN,
    'demo-org',
    '--scale',
    String(opts.scale),
    '--seed',
    String(opts.seed),
    '--token',
    opts.token,
    '--journal',
    opts.journal,
    '--api-limit',
    '10000000',
  ];
  const p = await startProcess(argv, /Demo org listening on (http:\/\/\S+)/, 600_000, heapEnv(opts.maxOldSpaceMb));
  return { ...p, url: p.match[1] };
}

export function readJournal(file: string): { method: string; path: string; status: number; object: string | null }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { method: string; path: string; status: number; object: string | null });
}

const USERS_PER_SYSTEM = 10;

/** A scope declaring these users, 10 per system, each system with the same declared needs. */
export function benchScope(usernames: string[]): ScopeFile {
  const systems: SystemScope[] = [];
  for (let i = 0; i < usernames.length; i += USERS_PER_SYSTEM) {
    systems.push({
      name: `Bench System ${systems.length + 1}`,
      owner: 'bench owner',
      purpose: 'benchmark',
      users: usernames.slice(i, i + USERS_PER_SYSTEM),
      objects: { Account: ['read', 'edit'], Contact: ['read'], Case: ['read', 'create'] },
      systemPermissions: { ApiEnabled: 'calls the REST API' },
      authFlow: 'client_credentials',
      ipRanges: ['10.0.0.0/8'],
    });
  }
  return { version: 1, systems };
}
