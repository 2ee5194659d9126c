import type { SfRecord } from '../../../shared/model';
import { loginKind } from '../../../shared/salesforce-logins';

/** Login rows as chart points and a one-line summary for screen readers. Pure; unit-tested. */
export function loginSeries(logins: SfRecord[]): { types: string[]; points: { time: string; type: string; label: string }[]; summary: string } {
  const counts = new Map<string, number>();
  const points: { time: string; type: string; label: string }[] = [];
  for (const l of logins) {
    const time = typeof l.LoginTime === 'string' ? l.LoginTime : null;
    if (!time) continue;
    const type = l.LoginType === undefined || l.LoginType === null ? 'Unknown' : loginKind(l);
    counts.set(type, (counts.get(type) ?? 0) + 1);
    points.push({ time, type, label: [l.Application, l.SourceIp, l.Status].filter((v) => v !== null && v !== undefined && v !== '').join(' · ') });
  }
  const types = [...counts.keys()].sort();
  const summary = types.map((t) => `${counts.get(t)} ${t}`).join(', ') || 'no logins';
  return { types, points, summary };
}
