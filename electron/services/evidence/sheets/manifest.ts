/**
 * Manifest: provenance of the snapshot, the SOQL behind every object, and the SHA-256 of each
 * sheet's canonical cell values; its own contents (all but the digest cell) hash to the pack
 * digest. Checkpoints (a very hidden sheet) holds per-row and per-column fingerprints so
 * verify can point at the first edited cell.
 */
import { DATE_FORMAT_NOTE, isoUtc } from '../../../../shared/audit/evidence-words';
import { APP_NAME } from '../../paths';
import { DIGEST_LABEL, HASH_SCHEME, type BlockPrint } from '../canonical';
import type { PackData } from '../data';
import { row, type SheetSpec } from '../model';
import { describeSensitiveDefinition } from '../../../../shared/salesforce-classification';

export const PACK_FORMAT = 'iua-evidence/1';
export const SHEET_TABLE_HEADER = ['Sheet', 'SHA-256', 'Rows'] as const;
export const CHECKPOINT_HEADER = ['Sheet', 'First row', 'Last row', 'Row fingerprints', 'Column fingerprints'] as const;

export interface SheetHashEntry {
  name: string;
  rows: number;
  hash: string;
}

export function manifestSheet(pack: PackData, hashes: readonly SheetHashEntry[], digest: string): SheetSpec {
  const m = pack.meta;
  return {
    name: 'Manifest',
    widths: [34, 72, 12, 20, 10, 10],
    headerRow: false,
    rows: function* () {
      yield row([DIGEST_LABEL, digest]);
      yield row([
        'Hash scheme',
        `${HASH_SCHEME}: SHA-256 over each sheet's canonical cell values (docs/evidence.md); the pack digest is that hash of this sheet without this row's digest cell`,
      ]);
      yield row(['Pack format', PACK_FORMAT]);
      yield row(['Org id', m.orgId]);
      yield row(['Org name', m.orgName]);
      yield row(['Instance', m.instanceUrl]);
      yield row(['API version', m.apiVersion]);
      yield row(['Auditing user', m.auditingUsername]);
      yield row(['Collected with', `${APP_NAME} ${m.appVersion}`]);
      yield row(['Exported with', `${APP_NAME} ${pack.appVersion}`]);
      yield row(['Snapshot id', m.id]);
      yield row(['Collection started (UTC)', isoUtc(m.startedAt)]);
      yield row(['Collection finished (UTC)', isoUtc(m.finishedAt)]);
      yield row(['API calls', String(m.apiCalls)]);
      yield row(['Permission scope', m.permissionScope]);
      yield row(['Look-back days', String(m.lookbackDays)]);
      const s = pack.prepared.settings;
      yield row([
        'Sensitive data definition',
        `${describeSensitiveDefinition(s.sensitiveComplianceGroups, s.sensitiveSecurityClassifications)} (${pack.scope.sensitiveData ? "defaults plus the org's scope" : 'defaults'}; FieldDefinition values)`,
      ]);
      yield row(['Snapshot content hash', m.contentHash]);
      yield row(['Exported (UTC)', isoUtc(pack.exportedAt)]);
      yield row(['Dates and times', DATE_FORMAT_NOTE]);
      yield row(['Systems in scope', pack.systems.map((s) => s.name).join(', ') || 'none declared']);
      yield row(['Compared with snapshot', pack.since?.snapshotId ?? 'no comparison requested']);
      yield row([]);
      yield row([...SHEET_TABLE_HEADER], 'section');
      for (const h of hashes) yield row([h.name, h.hash, h.rows]);
      yield row([]);
      yield row(['Object', 'Query (SOQL)', 'Rows', 'Rows Salesforce counted', 'API used', 'API calls'], 'section');
      for (const o of m.objects) yield row([o.object, o.soql, o.count, o.totalSize, o.api, o.apiCalls]);
    },
  };
}

export function checkpointsSheet(prints: readonly { name: string; blocks: readonly BlockPrint[] }[]): SheetSpec {
  return {
    name: 'Checkpoints',
    widths: [20, 10, 10, 60, 60],
    headerRow: true,
    rows: function* () {
      yield row([...CHECKPOINT_HEADER], 'header');
      for (const p of prints) for (const b of p.blocks) yield row([p.name, b.firstRow, b.lastRow, b.rows, b.cols]);
    },
  };
}
