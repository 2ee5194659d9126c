/**
 * Writing a large value as JSON without building one string of all of it: the outer objects
 * and arrays are written member by member, each member stringified on its own. The bytes are
 * exactly those of `JSON.stringify(value, null, 2)` (tested), so scripts see no difference.
 */
import type { Writable } from 'node:stream';

/** The pieces of `JSON.stringify(value, null, 2)`, in order; containers down to `splitDepth` are split into their members. */
export function* jsonChunks(value: unknown, splitDepth = 2, depth = 0): Generator<string> {
  const pad = '  '.repeat(depth);
  const json = (v: unknown) => {
    const text = JSON.stringify(v, null, 2);
    return depth === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
  };
  const plain = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (depth >= splitDepth || !plain) {
    yield json(value);
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      yield inner;
      // JSON.stringify writes null for array members it cannot represent.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, splitDepth, depth + 1);
      yield i < value.length - 1 ? ',\n' : `\n${pad}]`;
    }
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return yield '{}';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i];
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(v, splitDepth, depth + 1);
    yield i < entries.length - 1 ? ',\n' : `\n${pad}}`;
  }
}

/** Writes `jsonChunks(value)` and a newline, in pieces of about 64 KB, waiting whenever the stream asks to. */
export async function writeJson(out: Writable, value: unknown): Promise<void> {
  let buffer = '';
  const drain = () => new Promise<void>((resolve) => out.once('drain', resolve));
  for (const chunk of jsonChunks(value)) {
    buffer += chunk;
    if (buffer.length >= 65_536) {
      const ok = out.write(buffer);
      buffer = '';
      if (!ok) await drain();
    }
  }
  if (!out.write(`${buffer}\n`)) await drain();
}
