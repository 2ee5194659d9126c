/**
 * Scans read ahead on a worker thread's own read-only connection (electron/services/snapshots/
 * read-ahead.ts): each answer taken is the one this connection gives, taken once; anything the
 * worker cannot answer is left to the caller, never an error and never a wrong answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from '../../../electron/services/store/db';
import { ReadAhead, readAheadCounts, type Statement } from '../../../electron/services/snapshots/read-ahead';
import { tempDir } from '../../support/tmp';

let dir: string;
let file: string;
const db = () => openRaw(file);

beforeAll(() => {
  dir = tempDir();
  file = path.join(dir, 'read-ahead.sqlite');
  const d = db();
  d.exec('CREATE TABLE t (k TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID');
  const insert = d.prepare('INSERT INTO t VALUES (?, ?)');
  d.transaction(() => {
    for (let i = 0; i < 20_000; i++) insert.run(`k${String(i).padStart(5, '0')}`, JSON.stringify({ i, even: i % 2 === 0, name: `row ${i}` }));
  })();
  d.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const evens: Statement = { sql: "SELECT data FROM t WHERE json_extract(data, '$.even') = ? ORDER BY k", params: [1], one: false, shape: 'pluck' };
const counts: Statement = { sql: "SELECT count(*), json_group_array(k) FILTER (WHERE json_extract(data, '$.i') < ?) FROM t", params: [3], one: true, shape: 'raw' };

function local(s: Statement): unknown {
  const d = db();
  try {
    const p = d.prepare(s.sql);
    const stmt = s.shape === 'pluck' ? p.pluck() : p.raw();
    return s.one ? stmt.get(...s.params) : stmt.all(...s.params);
  } finally {
    d.close();
  }
}

describe('reading ahead on a second connection', () => {
  it('hands over the answer this connection gives, once, and nothing it was not asked', () => {
    const before = { ...readAheadCounts };
    const ahead = new ReadAhead(file, [evens, counts]);
    expect(ahead.settled).toBe(false);
    // Taken in another order than asked: the first waits for both.
    expect(ahead.take(counts)?.rows).toEqual(local(counts));
    expect(ahead.take({ ...evens, params: [0] })).toBeUndefined();
    const rows = ahead.take(evens)?.rows as string[];
    expect(rows).toHaveLength(10_000);
    expect(rows).toEqual(local(evens));
    expect(ahead.take(evens)).toBeUndefined();
    expect(ahead.settled).toBe(true);
    expect(readAheadCounts.statements - before.statements).toBe(2);
    expect(readAheadCounts.taken - before.taken).toBe(2);
  });

  it('leaves a statement that fails to the caller, and answers the others', () => {
    const broken: Statement = { sql: 'SELECT nope FROM missing_table', params: [], one: false, shape: 'pluck' };
    const ahead = new ReadAhead(file, [broken, evens]);
    expect(ahead.take(broken)).toBeUndefined();
    expect(ahead.take(evens)?.rows).toEqual(local(evens));
  });

  it('leaves everything to the caller when the database cannot be opened', () => {
    const ahead = new ReadAhead(path.join(dir, 'no-such.sqlite'), [evens, counts]);
    expect(ahead.take(evens)).toBeUndefined();
    expect(ahead.take(counts)).toBeUndefined();
    expect(ahead.settled).toBe(true);
    expect(fs.existsSync(path.join(dir, 'no-such.sqlite'))).toBe(false);
  });

  it('never writes: the worker connection is read-only', () => {
    const write: Statement = { sql: "INSERT INTO t VALUES ('zz', '{}') RETURNING k", params: [], one: true, shape: 'pluck' };
    const ahead = new ReadAhead(file, [write]);
    expect(ahead.take(write)).toBeUndefined();
    expect(local({ sql: "SELECT count(*) FROM t WHERE k = 'zz'", params: [], one: true, shape: 'pluck' })).toBe(0);
  });
});
