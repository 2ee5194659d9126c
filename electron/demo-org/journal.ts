/**
 * One line per request: what was asked, of which object, and how it was answered. Tests read
 * the in-memory array to prove the collector only reads; `--journal FILE` appends JSON lines.
 */
import { appendFileSync } from 'node:fs';

export interface JournalEntry {
  time: string;
  method: string;
  path: string;
  /** HTTP status; 0 when the connection was dropped by a fault. */
  status: number;
  object: string | null;
}

export class Journal {
  readonly entries: JournalEntry[] = [];
  constructor(
    private readonly file?: string,
    private readonly maxEntries = 200_000,
  ) {}

  record(entry: JournalEntry): void {
    if (this.entries.length >= this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries + 1);
    this.entries.push(entry);
    if (this.file) {
      try {
        appendFileSync(this.file, JSON.stringify(entry) + '\n');
      } catch {
        // A full disk must not take the org down; the in-memory journal still has the entry.
      }
    }
  }
}
