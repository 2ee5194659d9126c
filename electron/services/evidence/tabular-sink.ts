/**
 * JSON and CSV: the same tables for tooling, exact values (no cell limit, so nothing is
 * split). JSON is one file; CSV is a folder with one RFC 4180 file per sheet. Both stream.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { cellText, type Cell, type SheetName, type SheetSpec } from './model';
import { PACK_FORMAT } from './sheets/manifest';
import type { PackSink, SheetWriter } from './pack';

class Out {
  private readonly stream: fs.WriteStream;
  private pending: Promise<unknown> | null = null;
  constructor(file: string) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8' });
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
  out.write(`{"format":${JSON.stringify(PACK_FORMAT)},"sheets":[`);
  let first = true;
  return {
    splitsLongText: false,
    sheet(spec: SheetSpec): SheetWriter {
      out.write(`${first ? '' : ','}\n{"name":${JSON.stringify(spec.name)},"rows":[`);
      first = false;
      let n = 0;
      return {
        async row(cells) {
          await out.write(`${n++ ? ',' : ''}\n${JSON.stringify(cells.map(plain))}`);
        },
        async end() {
          out.write(']}');
          await out.drain();
        },
      };
    },
    async finish({ tabOrder, digest }) {
      out.write(`\n],"tabOrder":${JSON.stringify(tabOrder)},"digest":${JSON.stringify(digest)}}\n`);
      await out.close();
    },
  };
}

export function csvField(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  return `"${cellText(c).replace(/"/g, '""')}"`;
}

/** Writes `<dir>/<Sheet name>.csv` for every sheet. */
export function csvSink(dir: string): PackSink {
  fs.mkdirSync(dir, { recursive: true });
  const files: Promise<void>[] = [];
  return {
    splitsLongText: false,
    sheet(spec: SheetSpec): SheetWriter {
      const out = new Out(path.join(dir, `${spec.name satisfies SheetName}.csv`));
      return {
        async row(cells) {
          await out.write(`${cells.map(csvField).join(',')}\r\n`);
        },
        async end() {
          await out.drain();
          files.push(out.close());
        },
      };
    },
    async finish() {
      await Promise.all(files);
    },
  };
}
