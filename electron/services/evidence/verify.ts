/**
 * `evidence.verify`: recomputes every sheet's canonical hash and the pack digest from the
 * file's cell values and compares them with the Manifest (and, when given, the digest the
 * auditor recorded at export). Problems name the sheet and, using the Checkpoints
 * fingerprints, the first differing cell. A file that is not a readable pack is an AppError
 * 'bad_file'; a readable pack that was changed is a result with `intact: false`.
 */
import { AppError } from '../../../shared/contract';
import { DIGEST_LABEL, firstDifference, SheetHasher, type BlockPrint, type CanonicalCell } from './canonical';
import { columnLetter } from './ooxml';
import { CHECKPOINT_HEADER, SHEET_TABLE_HEADER } from './sheets/manifest';
import { readSheetRows, readWorkbook } from './xlsx-reader';
import { notAPack, openPackZip, ZIP_LIMITS } from './zip-guard';

export interface VerifyProblem {
  sheet: string | null;
  cell: string | null;
  message: string;
}

export interface VerifyResult {
  intact: boolean;
  digest: string | null;
  problems: VerifyProblem[];
}

type Rows = { row: number; cells: CanonicalCell[] }[];
const KEEP_ROWS = new Set(['Manifest', 'Checkpoints', 'Cover']);
/** Text kept from those sheets across the pack: Checkpoints holds ~4,500 characters per 1,000
 * rows of every sheet, so a pack of 10M rows keeps about 45M. */
const MAX_KEPT_CHARS = 64 * 1024 * 1024;

const textAt = (cells: CanonicalCell[], col: number): string | null => cells.find((c) => c.col === col)?.text ?? null;

interface ManifestEntry {
  name: string;
  hash: string;
  row: number;
}

function manifestEntries(rows: Rows): ManifestEntry[] | null {
  const start = rows.findIndex((r) => SHEET_TABLE_HEADER.every((h, i) => textAt(r.cells, i + 1) === h));
  if (start < 0) return null;
  const out: ManifestEntry[] = [];
  for (let i = start + 1; i < rows.length && rows[i].row === rows[i - 1].row + 1; i++) {
    const name = textAt(rows[i].cells, 1);
    const hash = textAt(rows[i].cells, 2);
    if (!name) break;
    out.push({ name, hash: hash ?? '', row: rows[i].row });
  }
  return out;
}

function checkpoints(rows: Rows | undefined): Map<string, BlockPrint[]> {
  const out = new Map<string, BlockPrint[]>();
  if (!rows?.length || !CHECKPOINT_HEADER.every((h, i) => textAt(rows[0].cells, i + 1) === h)) return out;
  for (const r of rows.slice(1)) {
    const sheet = textAt(r.cells, 1);
    if (!sheet) continue;
    const list = out.get(sheet) ?? [];
    list.push({ firstRow: Number(textAt(r.cells, 2)), lastRow: Number(textAt(r.cells, 3)), rows: textAt(r.cells, 4) ?? '', cols: textAt(r.cells, 5) ?? '' });
    out.set(sheet, list);
  }
  return out;
}

export async function verifyPack(file: string, expectedDigest?: string): Promise<VerifyResult> {
  const zip = await openPackZip(file);
  const computed = new Map<string, { hash: string; blocks: BlockPrint[]; digestCell: SheetHasher['digestCell'] }>();
  const kept = new Map<string, Rows>();
  try {
    const wb = await readWorkbook(zip, file);
    if (!wb.sheets.some((s) => s.name === 'Manifest')) throw notAPack(file, 'it has no Manifest sheet');
    // Every part is checked against its bound before any is parsed, so a hostile pack fails at once.
    for (const s of wb.sheets) {
      if (!zip.has(s.path)) throw notAPack(file, `sheet "${s.name}" is missing from the zip`);
      if (KEEP_ROWS.has(s.name) && zip.size(s.path) > ZIP_LIMITS.maxKeptSheetBytes)
        throw notAPack(file, `its ${s.name} sheet is ${zip.size(s.path)} bytes of XML (at most ${ZIP_LIMITS.maxKeptSheetBytes}; a real one is far smaller)`);
    }
    let keptChars = 0;
    for (const s of wb.sheets) {
      const hasher = new SheetHasher(s.name);
      const keep: Rows | null = KEEP_ROWS.has(s.name) ? [] : null;
      await readSheetRows(
        zip,
        s.path,
        wb.sharedStrings,
        (row, cells) => {
          hasher.addRow(row, cells);
          if (!keep) return;
          for (const c of cells) keptChars += c.text.length;
          if (keptChars > MAX_KEPT_CHARS) throw notAPack(file, `its ${s.name} sheet holds far more text than a pack's`);
          keep.push({ row, cells });
        },
        keep ? MAX_KEPT_CHARS : undefined,
      );
      const done = hasher.finish();
      computed.set(s.name, { hash: done.hash, blocks: done.blocks, digestCell: hasher.digestCell });
      if (keep) kept.set(s.name, keep);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notAPack(file, (err as Error).message);
  } finally {
    zip.close();
  }

  const manifestRows = kept.get('Manifest')!;
  const entries = manifestEntries(manifestRows);
  const manifest = computed.get('Manifest')!;
  if (!entries || !manifest.digestCell) throw notAPack(file, `its Manifest has no "${DIGEST_LABEL}" row or no sheet hash table`);
  const digest = manifest.hash;
  const problems: VerifyProblem[] = [];
  const prints = checkpoints(kept.get('Checkpoints'));
  const cellRef = (c: { row: number; col: number }) => `${columnLetter(c.col)}${c.row}`;

  if (manifest.digestCell.text !== digest) {
    problems.push({
      sheet: 'Manifest',
      cell: cellRef(manifest.digestCell),
      message: `the Manifest's contents no longer hash to the pack digest it records (${manifest.digestCell.text || 'empty'}): the Manifest was edited`,
    });
  }
  if (expectedDigest && expectedDigest.toLowerCase() !== digest) {
    problems.push({ sheet: null, cell: null, message: `the pack digest is ${digest}, not the recorded ${expectedDigest.toLowerCase()}` });
  }
  const listed = new Set(entries.map((e) => e.name));
  for (const e of entries) {
    const c = computed.get(e.name);
    if (!c) {
      problems.push({ sheet: e.name, cell: null, message: `sheet "${e.name}" listed in the Manifest is missing` });
      continue;
    }
    if (c.hash === e.hash) continue;
    const at = prints.has(e.name) ? firstDifference(prints.get(e.name)!, c.blocks) : null;
    if (at && at.col !== null)
      problems.push({
        sheet: e.name,
        cell: cellRef({ row: at.row, col: at.col }),
        message: `cell values differ from the pack (first differing cell ${e.name}!${cellRef({ row: at.row, col: at.col })})`,
      });
    else if (at) problems.push({ sheet: e.name, cell: null, message: `cell values differ from the pack (first differing row ${at.row})` });
    else if (prints.has(e.name))
      problems.push({
        sheet: 'Manifest',
        cell: `B${e.row}`,
        message: `the hash the Manifest records for "${e.name}" does not match the sheet, whose cells match their checkpoints: the Manifest entry was edited`,
      });
    else problems.push({ sheet: e.name, cell: null, message: 'cell values differ from the hash recorded in the Manifest' });
  }
  for (const name of computed.keys()) {
    if (name !== 'Manifest' && !listed.has(name)) problems.push({ sheet: name, cell: null, message: `sheet "${name}" is not part of the pack (added after export)` });
  }
  const cover = computed.get('Cover');
  if (cover?.digestCell && cover.digestCell.text !== digest) {
    problems.push({ sheet: 'Cover', cell: cellRef(cover.digestCell), message: `the Cover shows digest ${cover.digestCell.text || '(empty)'}, but the pack's digest is ${digest}` });
  }
  return { intact: problems.length === 0, digest, problems };
}
