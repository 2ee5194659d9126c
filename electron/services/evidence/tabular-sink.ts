/**
 * JSON and CSV: the same tables for tooling, exact values (no cell limit, so nothing is
 * split). JSON is one file; CSV is one .zip with one RFC 4180 file per sheet. Both stream,
 * and both write into the private (0600) temporary file export.ts created.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { Zip, ZipDeflate } from 'fflate';
import { csvValue } from '../../../shared/csv';
import { cellText, type Cell, type SheetName, type SheetSpec } from './model';
import { PACK_FORMAT } from './sheets/manifest';
import type { PackSink, SheetWriter } from './pack';

class Out {
  private readonly stream: fs.WriteStream;
  private pending: Promise<unknown> | null = null;
  constructor(file: string) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8', flags: 'w', mode: 0o600 });
  }
  /** Raw bytes (the zip's output), with the same backpressure as text. */
  bytes(b: Uint8Array): void {
    if (!this.stream.write(b) && !this.pending) this.pending = once(this.stream, 'drain').then(() => (this.pending = null));
  }
  /** Resolves when the stream wants more, so a fast producer waits instead of buffering. */
  write(s: string): Promise<unknown> | undefined {
    if (!this.stream.write(s) && !this.pending) this.pending = once(this.stream, 'drain').then(() => (this.pending = null));
    return this.pending ?? undefined;
  }
  async drain(): Promise<void> {
    if (this.pending) await this.pending;
  }
  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const plain = (c: Cell): string | number | null => (c === null ? null : typeof c === 'number' ? c : cellText(c));

export function jsonSink(file: string): PackSink {
  const out = new Out(file);
  // Writes not awaited here are waited for by the next awaited write or drain().
  void out.write(`{"format":${JSON.stringify(PACK_FORMAT)},"sheets":[`);
  let first = true;
  return {
    splitsLongText: false,
    sheet(spec: SheetSpec): SheetWriter {
      void out.write(`${first ? '' : ','}\n{"name":${JSON.stringify(spec.name)},"rows":[`);
      first = false;
      let n = 0;
      return {
        async row(cells) {
          await out.write(`${n++ ? ',' : ''}\n${JSON.stringify(cells.map(plain))}`);
        },
        async end() {
          void out.write(']}');
          await out.drain();
        },
      };
    },
    async finish({ tabOrder, digest }) {
      void out.write(`\n],"tabOrder":${JSON.stringify(tabOrder)},"digest":${JSON.stringify(digest)}}\n`);
      await out.close();
    },
  };
}

/** A cell as CSV, through the one CSV-injection rule (shared/csv.ts, docs/evidence.md). */
export function csvField(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  return csvValue(cellText(c));
}

/** Writes one zip holding `<Sheet name>.csv` for every sheet, streamed through deflate. */
export function csvZipSink(file: string): PackSink {
  const out = new Out(file);
  let failure: Error | null = null;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const zip = new Zip((err, chunk, final) => {
    if (err) failure ??= err;
    else out.bytes(chunk);
    if (err || final) finished();
  });
  const encoder = new TextEncoder();
  return {
    splitsLongText: false,
    sheet(spec: SheetSpec): SheetWriter {
      const entry = new ZipDeflate(`${spec.name satisfies SheetName}.csv`, { level: 6 });
      entry.mtime = new Date();
      zip.add(entry);
      // Rows are gathered into chunks: deflate works poorly on one short line at a time.
      let chunk: string[] = [];
      let size = 0;
      const flush = (final: boolean) => {
        entry.push(encoder.encode(chunk.join('')), final);
        chunk = [];
        size = 0;
      };
      return {
        async row(cells) {
          if (failure) throw failure;
          const line = `${cells.map(csvField).join(',')}\r\n`;
          chunk.push(line);
          size += line.length;
          if (size >= 64 * 1024) {
            flush(false);
            await out.drain();
          }
        },
        async end() {
          flush(true);
          await out.drain();
        },
      };
    },
    async finish() {
      zip.end();
      await done;
      if (failure) throw failure;
      await out.close();
    },
  };
}
