import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonChunks, lazyMap, writeJson } from '../../../electron/cli/json-stream';

const samples: unknown[] = [
  {
    org: { id: '00D', name: 'Acme "quoted"\n' },
    users: [],
    systems: [{ name: 's', checks: [{ id: 'IU-01', evidence: [{ a: 1, b: [1, [2, {}]] }], override: undefined }], users: ['x'] }],
    empty: {},
    gaps: [null, 0, false, 'é\u2028'],
  },
  [],
  {},
  [undefined, () => 1, { d: new Date(0), f: () => 1, u: undefined }],
  'text',
  42,
  null,
  { nested: { deeper: { deepest: [1, 2, { x: [] }] } }, list: [[], [[]], [{}]] },
  // Members JSON.stringify indents inside their containers: primitives, toJSON, text holding the wrapper's own characters.
  { a: [new Date(1), '0', 0, '{\n  "": ', { toJSON: () => ({ k: [1, { '': '\n' }] }) }, [[{ '': { '': 0 } }]]] },
  // Members made as they are written, short and long, at any depth.
  {
    users: lazyMap([1, 2, 3], (i) => ({
      i,
      reasons: lazyMap(
        Array.from({ length: 70 }, (_, j) => j),
        (j) => (j % 5 ? { j } : undefined),
      ),
    })),
    none: lazyMap([], (x) => x),
  },
  // Long arrays deep down are split too.
  { systems: [{ checks: Array.from({ length: 70 }, (_, i) => ({ id: i, evidence: i % 2 ? [] : Array.from({ length: 65 }, (_, j) => [j, undefined, { j }]) })) }] },
];

describe('streamed JSON', () => {
  it('gives exactly the bytes of JSON.stringify(value, null, 2), at every split depth', () => {
    for (const v of samples) {
      for (const depth of [0, 1, 2, 3, 5]) expect([...jsonChunks(v, depth)].join('')).toBe(JSON.stringify(v, null, 2));
    }
  });

  it('writes in pieces and waits for a slow reader', async () => {
    const value = { users: Array.from({ length: 20_000 }, (_, i) => ({ id: `005${i}`, reasons: ['api login', 'integration license'] })) };
    const out = new PassThrough({ highWaterMark: 1024 });
    const parts: Buffer[] = [];
    let writes = 0;
    const write = out.write.bind(out);
    out.write = ((chunk: string) => {
      writes++;
      return write(chunk);
    }) as typeof out.write;
    const done = writeJson(out, value);
    // Read slowly: the writer must wait for 'drain' rather than buffer everything.
    for await (const chunk of out) {
      parts.push(chunk as Buffer);
      if (Buffer.concat(parts).length >= Buffer.byteLength(JSON.stringify(value, null, 2)) + 1) break;
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(Buffer.concat(parts).toString()).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect(writes).toBeGreaterThan(10);
  });
});
