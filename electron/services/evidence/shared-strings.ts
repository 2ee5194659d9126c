/**
 * The workbook's shared strings table, in place of exceljs's (`exceljs/lib/utils/shared-strings.js`):
 * the same numbering (each distinct string once, numbered in the order first added), so
 * sharedStrings.xml and every sheet are byte for byte what exceljs writes, in less memory.
 *
 * exceljs keeps every distinct string of the workbook as a JS string and a key of one object
 * until the workbook is committed. The pack of a 180,000-user org has 841,000 of them, 53 MB of
 * text (every Remediation Plan change, username, reason and record Id), about 90 MB of heap held
 * through the whole export, and the heap's garbage grows with what it holds. Here a short string
 * stays a JS string (it is usually held elsewhere anyway: a username, an Id, a status); a long one
 * (most of the text, rarely repeated) is kept as its bytes in buffers outside the heap and found
 * again by a hash of its characters.
 */

import crypto from 'node:crypto';

/** Strings longer than this are kept as bytes. */
const LONG = 64;
/**
 * Long strings compared per hash at most. Org data is hostile: were more strings to share a hash
 * (made to collide), a further one is added again rather than compared with all of them, so the
 * cost stays linear; its cells still read the same text, only the table is not minimal.
 */
const MAX_PER_HASH = 16;
/** Bytes per buffer of long strings (a longer string gets a buffer of its own). */
const CHUNK = 1 << 20;

/** FNV-1a over the UTF-16 code units from a random start (per table), as a small integer (a Map key without a heap number). */
function hashOf(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** Every code unit below 256: one byte each (latin1); otherwise two (utf16le). Both round-trip any JS string exactly. */
const WIDE = /[\u0100-\uffff]/;

export class CompactSharedStrings {
  /** Per index: the string itself, or (a long one) its number among the long strings. */
  private readonly entries: (string | number)[] = [];
  private readonly shortIds = new Map<string, number>();
  /** Hash → index, or indexes when several long strings share a hash. */
  private readonly longIds = new Map<number, number | number[]>();
  private readonly chunks: Buffer[] = [];
  private used = CHUNK;
  // Per long string: its buffer, where it starts, its byte length and whether it is utf16le.
  private chunkOf = new Uint32Array(1024);
  private start = new Uint32Array(1024);
  private bytes = new Uint32Array(1024);
  private wide = new Uint8Array(1024);
  private longs = 0;
  private refs = 0;
  private readonly seed = crypto.randomBytes(4).readUInt32LE() | 1;

  get count(): number {
    return this.entries.length;
  }

  /** References to shared strings in the whole workbook. */
  get totalRefs(): number {
    return this.refs;
  }

  getString(index: number): string {
    const e = this.entries[index];
    if (typeof e === 'string') return e;
    const chunk = this.chunks[this.chunkOf[e]];
    return chunk.toString(this.wide[e] ? 'utf16le' : 'latin1', this.start[e], this.start[e] + this.bytes[e]);
  }

  add(value: string): number {
    if (typeof value !== 'string') throw new Error('evidence pack: a shared string that is not plain text');
    this.refs++;
    if (value.length <= LONG) {
      let id = this.shortIds.get(value);
      if (id === undefined) {
        id = this.entries.length;
        this.entries.push(value);
        this.shortIds.set(value, id);
      }
      return id;
    }
    const hash = hashOf(value, this.seed);
    const found = this.longIds.get(hash);
    const same = found === undefined ? [] : typeof found === 'number' ? [found] : found;
    for (const id of same) if (this.getString(id) === value) return id;
    const id = this.entries.length;
    this.entries.push(this.store(value));
    if (same.length === 0) this.longIds.set(hash, id);
    else if (same.length < MAX_PER_HASH) this.longIds.set(hash, [...same, id]);
    return id;
  }

  /** Copies a long string's bytes out of the heap; returns its number among the long strings. */
  private store(value: string): number {
    const wide = WIDE.test(value);
    const encoding = wide ? 'utf16le' : 'latin1';
    const length = wide ? value.length * 2 : value.length;
    if (this.used + length > (this.chunks.at(-1)?.length ?? 0)) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(CHUNK, length)));
      this.used = 0;
    }
    const n = this.longs++;
    if (n === this.start.length) this.grow();
    this.chunks.at(-1)!.write(value, this.used, length, encoding);
    this.chunkOf[n] = this.chunks.length - 1;
    this.start[n] = this.used;
    this.bytes[n] = length;
    this.wide[n] = wide ? 1 : 0;
    this.used += length;
    return n;
  }

  private grow(): void {
    const bigger = <T extends Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.chunkOf = bigger(this.chunkOf);
    this.start = bigger(this.start);
    this.bytes = bigger(this.bytes);
    this.wide = bigger(this.wide);
  }
}
