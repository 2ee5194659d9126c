/** Plain-words formatting used across screens. Pure: `now` is a parameter for tests. */

export function timeAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.round((now - t) / 1000);
  if (s < 0) return 'just now';
  if (s < 45) return 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [86400 * 30, 'month'],
    [86400 * 365, 'year'],
  ];
  let label = 'minute';
  let size = 60;
  for (const [sec, name] of units) {
    if (s >= sec) {
      size = sec;
      label = name;
    }
  }
  const n = Math.max(1, Math.round(s / size));
  return `${n} ${label}${n === 1 ? '' : 's'} ago`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  return new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function shortId(id: string, length = 10): string {
  return id.length > length ? `${id.slice(0, length)}…` : id;
}

/** `j.alvarez@greenpath.example` → `j.alvarez@…` for one-sentence call-outs. */
export function shortUsername(username: string): string {
  const at = username.indexOf('@');
  return at > 0 ? `${username.slice(0, at + 1)}…` : username;
}

/**
 * A snapshot in a picker: time to the second and the id's random tail, because two collections
 * a minute apart would otherwise read the same (ids start with the same timestamp prefix).
 */
export function snapshotLabel(s: { id: string; finishedAt: string; current?: boolean }): string {
  const t = Date.parse(s.finishedAt);
  const when = Number.isNaN(t) ? s.finishedAt : `${new Date(t).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  const tail = s.id.includes('-') ? s.id.slice(s.id.lastIndexOf('-') + 1) : s.id.slice(-8);
  return `${when} · ${tail}${s.current ? ' (current)' : ''}`;
}

/** A piece of a download's file name made from names we do not control (system names are typed by people, org data is hostile). */
export function fileNamePart(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || 'untitled'
  );
}
