/** Small helpers for snapshot files in the window. Pure except `readAsBase64` (FileReader). */
import { STAGE_MAX_BYTES, STAGE_TOO_LARGE } from '../../../shared/contract';

export const SNAPSHOT_EXT = '.iuasnap';

export function isSnapshotFileName(name: string): boolean {
  return name.toLowerCase().endsWith(SNAPSHOT_EXT);
}

/** Refused before any byte is read: the back end would refuse it anyway, after a long upload. */
export function uploadProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > STAGE_MAX_BYTES) return STAGE_TOO_LARGE;
  return null;
}

export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** `<dataDir>/exports/<alias>-<snapshotId>.iuasnap`, with the data directory's own separator. */
export function defaultExportPath(dataDir: string, alias: string, snapshotId: string): string {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const base = dataDir.endsWith(sep) ? dataDir.slice(0, -1) : dataDir;
  const safe = `${alias}-${snapshotId}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${base}${sep}exports${sep}${safe}${SNAPSHOT_EXT}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
