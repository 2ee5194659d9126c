/**
 * Writing a large value as JSON without building one string of all of it: the outer objects
 * and arrays are written member by member, each member stringified on its own. The bytes are
 * exactly those of `JSON.stringify(value, null, 2)` (tested), so scripts see no difference.
 */
import type { Writable } from 'node:stream';

/**
 * An array whose members are made as they are written, then dropped: a report of a large org
 * need not hold every member's JSON-ready copy at once (180,000 users, evidence in words for
 * every check). JSON.stringify sees the plain array (toJSON).
 */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    private readonly member: (i: number) => T,
  ) {}
  at(i: number): T {
    return this.member(i);
  }
  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.member(i));
  }
}

/** `items.map(f)`, each member made when it is written (LazyArray). */
export function lazyMap<S, T>(items: readonly S[], f: (item: S) => T): LazyArray<T> {
  return new LazyArray(items.length, (i) => f(items[i]));
}

/**
 * Arrays longer than this are split into their members at any depth: a system's thousands of
 * checks as one string were tens of MB each, which V8 keeps in its large-object space until a
 * full collection (of the whole evaluation) frees them.
 */
const LONG_ARRAY = 64;

/**
 * The pieces of `JSON.stringify(value, null, 2)`, in order; containers down to `splitDepth`, and
 * long arrays at any depth, are split into their members.
 */
export function* jsonChunks(value: unknown, splitDepth = 2, depth = 0): Generator<string> {
  const pad = '  '.repeat(depth);
  const json = (v: unknown) => (depth === 0 ? JSON.stringify(v, null, 2) : indented(v, depth));
  const lazy = value instanceof LazyArray;
  const plain = lazy || (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function');
  const list = lazy || Array.isArray(value);
  if ((depth >= splitDepth && !(list && (value as { length: number }).length > LONG_ARRAY)) || !plain) {
    yield json(value);
    return;
  }
  const inner = `${pad}  `;
  if (list) {
    const members = value as LazyArray<unknown> | unknown[];
    const member = lazy ? (i: number) => (members as LazyArray<unknown>).at(i) : (i: number) => (members as unknown[])[i];
    if (members.length === 0) return yield '[]';
    yield '[\n';
    for (let i = 0; i < members.length; i++) {
      const item: unknown = member(i);
      yield inner;
      // JSON.stringify writes null for array members it cannot represent.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, splitDepth, depth + 1);
      yield i < members.length - 1 ? ',\n' : `\n${pad}]`;
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

/**
 * `JSON.stringify(v, null, 2)` with every line after the first indented by `depth` levels, as
 * it sits inside its containers. JSON.stringify indents it so itself when `v` is nested
 * `depth` single-key objects deep; the wrapper's own text is cut off (a slice, not a copy).
 * That spares a second pass over every byte (a 300 MB report's replace of each newline).
 */
function indented(v: unknown, depth: number): string {
  let wrapped: unknown = v;
  for (let i = 0; i < depth; i++) wrapped = { '': wrapped };
  const text = JSON.stringify(wrapped, null, 2);
  const { head, tail } = wrapperOf(depth);
  // A value JSON.stringify leaves out (a toJSON giving undefined) leaves no member to cut out.
  if (text.length > head.length + tail.length && text.startsWith(head) && text.endsWith(tail)) return text.slice(head.length, text.length - tail.length);
  return JSON.stringify(v, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

const wrappers: { head: string; tail: string }[] = [];

/** The text around the value in `indented`'s wrapper of this depth. */
function wrapperOf(depth: number): { head: string; tail: string } {
  let w = wrappers[depth];
  if (!w) {
    let wrapped: unknown = 0;
    for (let i = 0; i < depth; i++) wrapped = { '': wrapped };
    const text = JSON.stringify(wrapped, null, 2);
    const at = text.indexOf('0');
    w = wrappers[depth] = { head: text.slice(0, at), tail: text.slice(at + 1) };
  }
  return w;
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
