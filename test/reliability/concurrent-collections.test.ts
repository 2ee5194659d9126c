/**
 * #17 two collections of the same org at once, in one process and in two real processes:
 * exactly one runs, the other is refused at once with a clear message naming who holds the
 * org, and exactly one new snapshot is stored, whole (no interleaving of the two runs' rows).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { bundle, MIGRATIONS_DIR, removeBundle } from '../support/bundle';
import { reportAs, tally } from './support/report';
import { addByToken, assertNothingLost, CLI_ENV, currentSnapshot, integrityOf, rig, tableCounts, type Rig } from './support/rig';
import { ROOT } from '../support/tmp';

reportAs('concurrent-collections.test.ts');

let child: string;
let r: Rig;
beforeAll(async () => {
  child = await bundle('test/reliability/fixtures/collector-child.ts');
  // Slow enough that the two runs overlap whatever the machine's load.
  r = await rig({ faults: { latencyMs: 40 } });
  await addByToken(r);
}, 300_000);
afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await r.close();
  removeBundle(child);
});

interface Child {
  pid: number;
  /** Resolves when the child has taken the org's lock (its first progress line). */
  holding: Promise<void>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function runChild(): Child {
  const p = spawn(process.execPath, [child, r.dataDir, 'demo'], {
    cwd: ROOT,
    env: { ...process.env, ...CLI_ENV, IUA_MIGRATIONS_DIR: MIGRATIONS_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let held: () => void = () => {};
  const holding = new Promise<void>((res) => (held = res));
  p.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('"phase"')) held();
  });
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    p.on('exit', (code) => {
      held();
      resolve({ code, stdout, stderr });
    }),
  );
  return { pid: p.pid!, holding, exit };
}

async function outcome(p: Promise<unknown>): Promise<{ ok: true; value: { snapshotId: string } } | { ok: false; err: AppError }> {
  try {
    return { ok: true, value: (await p) as { snapshotId: string } };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, err };
    throw err;
  }
}

describe('two collections of the same org at once', () => {
  it('in one process: the second is refused as busy, one whole snapshot is stored', async () => {
    const before = tableCounts(r.dataDir).snapshot;
    const [a, b] = await Promise.all([outcome(r.backend.call('collect.start', { alias: 'demo' })), outcome(r.backend.call('collect.start', { alias: 'demo' }))]);
    const ok = [a, b].filter((x) => x.ok);
    const refused = [a, b].filter((x): x is { ok: false; err: AppError } => !x.ok);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].err.code).toBe('busy');
    expect(refused[0].err.message).toMatch(/A collection of demo is already running/);
    expect(tableCounts(r.dataDir).snapshot).toBe(before + 1);
    expect(currentSnapshot(r.dataDir, 'demo')).toBe((ok[0] as { value: { snapshotId: string } }).value.snapshotId);
    const checks = assertNothingLost(r.dataDir);
    tally('#17', { tests: 1, faults: 1, nothingLost: checks + 2 });
  });

  it('in two processes: one stores, the other is refused naming the holder, no interleaved snapshot', async () => {
    const before = tableCounts(r.dataDir).snapshot;
    // Slow answers keep the first process collecting while the others try.
    r.org.setFaults({ latencyMs: 300 });
    const a = runChild();
    await a.holding;
    const [b, mine] = await Promise.all([runChild().exit, outcome(r.backend.call('collect.start', { alias: 'demo' }))]);
    const first = await a.exit;
    r.org.setFaults({ latencyMs: 0 });
    expect(first.code, first.stderr).toBe(0);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(new RegExp(`busy: A collection of demo is already running \\(started .* by process ${a.pid}\\)`));
    expect(mine.ok).toBe(false);
    if (!mine.ok) {
      expect(mine.err.code).toBe('busy');
      expect(mine.err.message).toMatch(new RegExp(`already running \\(started .* by process ${a.pid}\\)`));
    }
    const done = JSON.parse(first.stdout.trim().split('\n').pop()!) as { done: string };
    expect(tableCounts(r.dataDir).snapshot).toBe(before + 1);
    expect(currentSnapshot(r.dataDir, 'demo')).toBe(done.done);
    const checks = assertNothingLost(r.dataDir);
    tally('#17', { tests: 1, faults: 2, nothingLost: checks + 4 });
  }, 300_000);
});
