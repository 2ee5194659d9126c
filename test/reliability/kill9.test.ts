/**
 * #1 kill -9 of a collecting process at many random points. A real child process collects
 * the demo org (served from this test process) into a real data directory and is SIGKILLed
 * at seeded random moments: during the network part, and during the store transaction. After
 * every kill: integrity_check is ok, the org's current snapshot is wholly the old one or
 * wholly a new one (its stored rows recompute to its recorded content hash), the old
 * snapshot's hash is unchanged, no half snapshot is visible, and the next collection (which
 * must take over the dead process's lock) succeeds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, MIGRATIONS_DIR, removeBundle } from '../support/bundle';
import { reportAs, tally } from './support/report';
import { addByToken, assertNothingLost, CLI_ENV, currentSnapshot, integrityOf, rig, seeded, withDb, type Rig } from './support/rig';
import { CLI_MAIN, ROOT, TSX_CLI } from '../support/tmp';

reportAs('kill9.test.ts');

const SEED = Number(process.env.IUA_KILL_SEED ?? 20_240_611);
const KILLS = 20;
/** Share of kills aimed at the store transaction (the rest hit the network part). */
const STORE_SHARE = 0.35;

let child: string;
let r: Rig;

beforeAll(async () => {
  child = await bundle('test/reliability/fixtures/collector-child.ts');
  // Large enough that the store transaction writes for a while (about 18,000 records).
  r = await rig({ scale: 1000, seed: 11 });
  await addByToken(r);
  await r.backend.close();
}, 300_000);

afterAll(async () => {
  await r?.close();
  if (child) removeBundle(child);
});

interface Run {
  proc: ChildProcess;
  pid: number;
  phases: { phase: string; at: number }[];
  done: { id: string; hash: string } | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function start(): Run {
  const proc = spawn(process.execPath, [child, r.dataDir, 'demo'], {
    cwd: ROOT,
    env: { ...process.env, ...CLI_ENV, IUA_MIGRATIONS_DIR: MIGRATIONS_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    proc,
    pid: proc.pid!,
    phases: [],
    done: null,
    exited: new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal }))),
    stderr: () => err,
  };
  let err = '';
  let buf = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = JSON.parse(buf.slice(0, nl)) as { phase?: string; done?: string; contentHash?: string };
      buf = buf.slice(nl + 1);
      if (line.phase) run.phases.push({ phase: line.phase, at: Date.now() });
      if (line.done) run.done = { id: line.done, hash: line.contentHash! };
    }
  });
  return run;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Resolves when cond() holds, or with false when the child exits first. */
async function until(run: Run, cond: () => boolean): Promise<boolean> {
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (!cond()) {
    if (exited) return false;
    await sleep(5);
  }
  return true;
}

function lockHolder(): number | null {
  return withDb(r.dataDir, (db) => (db.prepare("SELECT pid FROM collection_lock WHERE org_alias = 'demo'").pluck().get() as number | undefined) ?? null);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('kill -9 while collecting', () => {
  it(`survives ${KILLS} SIGKILLs at random points (seed ${SEED}) and collects afterwards`, async () => {
    const rnd = seeded(SEED);

    // A full run first: the "old" snapshot, and how long the network and store parts take here.
    const base = r.org.journal.length;
    const first = start();
    await until(first, () => r.org.journal.length > base);
    const firstRequestAt = Date.now();
    const exit = await first.exited;
    expect(exit.code, first.stderr()).toBe(0);
    const storeAt = first.phases.find((p) => p.phase === 'store')!.at;
    const netMs = Math.max(50, storeAt - firstRequestAt);
    const storeMs = Math.max(20, Date.now() - storeAt);
    const old = first.done!;
    expect(currentSnapshot(r.dataDir, 'demo')).toBe(old.id);

    const known: Record<string, string> = { [old.id]: old.hash };
    let current = old.id;
    const outcomes = { killed: 0, killedInStore: 0, finishedFirst: 0, keptOld: 0, newCommitted: 0, lockTakenOver: 0 };
    let checks = 0;
    let staleLock: number | null = null;

    // Until 20 kills landed mid-collection (a kill aimed late may find the child already done).
    for (let attempt = 0; outcomes.killed < KILLS && attempt < KILLS * 2; attempt++) {
      const kind = rnd() < STORE_SHARE ? 'store' : 'net';
      const before = r.org.journal.length;
      const run = start();
      // The first request of this child comes after it took the org's lock: a stale lock of the
      // previous (killed) child was taken over, or it would have exited "busy".
      const reached = await until(run, () => r.org.journal.length > before);
      if (staleLock !== null && reached) outcomes.lockTakenOver++;
      let fired = false;
      if (reached) {
        if (kind === 'net') {
          await sleep(Math.floor(rnd() * netMs));
        } else {
          const stored = await until(run, () => run.phases.some((p) => p.phase === 'store'));
          if (stored) await sleep(Math.floor(rnd() * storeMs * 1.2));
        }
        fired = run.proc.kill('SIGKILL');
      }
      const end = await run.exited;
      if (end.signal === 'SIGKILL' && fired) {
        outcomes.killed++;
        if (run.phases.some((p) => p.phase === 'store')) outcomes.killedInStore++;
      } else {
        // It finished before the kill landed: then it must have succeeded.
        expect(end.code, `child exited on its own: ${run.stderr()}`).toBe(0);
        outcomes.finishedFirst++;
      }
      expect(alive(run.pid)).toBe(false);

      expect(integrityOf(r.dataDir)).toBe('ok');
      const now = currentSnapshot(r.dataDir, 'demo');
      expect(now).not.toBeNull();
      if (now === current) outcomes.keptOld++;
      else {
        // Wholly a new one: it recomputes to its own hash (checked in assertNothingLost) and is the one the child reported, if it got that far.
        if (run.done) expect(now).toBe(run.done.id);
        const hash = withDb(r.dataDir, (db) => db.prepare('SELECT content_hash FROM snapshot WHERE id = ?').pluck().get(now) as string);
        known[now!] = hash;
        current = now!;
        outcomes.newCommitted++;
      }
      // Every snapshot ever committed is intact; none besides them exists.
      checks += assertNothingLost(r.dataDir, known);
      expect(withDb(r.dataDir, (db) => (db.prepare('SELECT id FROM snapshot ORDER BY id').pluck().all() as string[]).sort())).toEqual(Object.keys(known).sort());
      checks += 3;
      const holder = lockHolder();
      if (holder !== null) expect(holder).toBe(run.pid);
      staleLock = holder;
    }

    // The next collection succeeds, taking over the lock of the last killed process.
    const before = r.org.journal.length;
    const last = start();
    await until(last, () => r.org.journal.length > before);
    if (staleLock !== null) outcomes.lockTakenOver++;
    const end = await last.exited;
    expect(end.code, last.stderr()).toBe(0);
    expect(currentSnapshot(r.dataDir, 'demo')).toBe(last.done!.id);
    known[last.done!.id] = last.done!.hash;
    checks += assertNothingLost(r.dataDir, known) + 1;
    expect(lockHolder()).toBeNull();
    expect(integrityOf(r.dataDir)).toBe('ok');

    expect(outcomes.killed).toBeGreaterThanOrEqual(KILLS);
    // Some kills hit the store transaction itself, not only the network part.
    expect(outcomes.killedInStore).toBeGreaterThan(0);
    expect(fs.existsSync(r.dataDir)).toBe(true);
    process.stdout.write(`kill -9: ${JSON.stringify(outcomes)}\n`);
    tally('#1', { tests: 1, kills: outcomes.killed, faults: outcomes.killed, nothingLost: checks });
  }, 1_800_000);

  it('the real `iua collect` (through tsx) killed mid-collection keeps the same guarantees', async () => {
    const known = withDb(r.dataDir, (db) =>
      Object.fromEntries((db.prepare('SELECT id, content_hash FROM snapshot').all() as { id: string; content_hash: string }[]).map((s) => [s.id, s.content_hash])),
    );
    const current = currentSnapshot(r.dataDir, 'demo');
    const rnd = seeded(SEED + 1);
    const before = r.org.journal.length;
    // tsx runs the CLI in a child of its own: kill the whole process group, as a crash would.
    const proc = spawn(process.execPath, [TSX_CLI, CLI_MAIN, '--data-dir', r.dataDir, 'collect', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, ...CLI_ENV },
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    let gone = false;
    void exited.then(() => (gone = true));
    while (r.org.journal.length <= before + 3 && !gone) await sleep(5);
    await sleep(Math.floor(rnd() * 500));
    if (!gone) process.kill(-proc.pid!, 'SIGKILL');
    const signal = await exited;
    // Wait until no process of the group is left writing.
    while (alive(-proc.pid!)) await sleep(20);
    expect(integrityOf(r.dataDir)).toBe('ok');
    const now = currentSnapshot(r.dataDir, 'demo');
    // The kill lands before the commit (the old snapshot stays current) or, on a fast machine,
    // just after it (the new one is current). Either way the current snapshot must be whole:
    // assertNothingLost recomputes every snapshot's hash and counts, and refuses a dangling pointer.
    if (current !== null) expect(now, 'the org keeps a current snapshot').not.toBeNull();
    let checks = assertNothingLost(r.dataDir, known);
    // And the next collection succeeds.
    const next = start();
    expect((await next.exited).code, next.stderr()).toBe(0);
    expect(currentSnapshot(r.dataDir, 'demo')).toBe(next.done!.id);
    checks += assertNothingLost(r.dataDir, { ...known, [next.done!.id]: next.done!.hash }) + 2;
    tally('#1', { tests: 1, kills: signal === 'SIGKILL' ? 1 : 0, faults: 1, nothingLost: checks });
  }, 600_000);
});
