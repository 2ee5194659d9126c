/** A user's usage per object (across the systems declaring it), for the access view's usage columns. */
import type { UsageReport } from '../../../shared/audit/usage';

export interface ObjectUsage {
  used: string;
  writes: string;
  lastSeen: string;
}

export function usageOfUser(report: UsageReport, userId: string): Map<string, ObjectUsage> {
  const out = new Map<string, { used: Set<string>; created: number; modified: number; lastSeen: string }>();
  for (const s of report.systems) {
    for (const u of s.users) {
      if (u.userId !== userId) continue;
      for (const r of u.rows) {
        const k = r.sobject.toLowerCase();
        const e = out.get(k) ?? { used: new Set<string>(), created: 0, modified: 0, lastSeen: '' };
        for (const l of r.used) e.used.add(l);
        // The same user in two systems has the same rows: count once.
        e.created = Math.max(e.created, r.created);
        e.modified = Math.max(e.modified, r.modified);
        if (r.lastSeen && r.lastSeen > e.lastSeen) e.lastSeen = r.lastSeen;
        out.set(k, e);
      }
    }
  }
  return new Map([...out].map(([k, e]) => [k, { used: [...e.used].join(', ') || 'no use seen', writes: `${e.created} / ${e.modified}`, lastSeen: e.lastSeen }]));
}
