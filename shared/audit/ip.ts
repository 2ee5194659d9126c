/**
 * IPv4/IPv6 addresses and CIDR ranges as bigints, so both families compare the same way.
 */

export interface IpRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

export function parseIp(text: string): { family: 4 | 6; value: bigint } | null {
  const s = text.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

export function parseCidr(text: string): IpRange | null {
  const [addr, bits, ...rest] = text.trim().split('/');
  if (rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const width = ip.family === 4 ? 32 : 128;
  const prefix = Number(bits);
  if (prefix > width) return null;
  const hostBits = BigInt(width - prefix);
  const mask = (1n << hostBits) - 1n;
  const start = ip.value & ~mask & ((1n << BigInt(width)) - 1n);
  return { family: ip.family, start, end: start | mask };
}

export function rangeFromBounds(startText: string, endText: string): IpRange | null {
  const a = parseIp(startText);
  const b = parseIp(endText);
  if (!a || !b || a.family !== b.family) return null;
  return a.value <= b.value ? { family: a.family, start: a.value, end: b.value } : { family: a.family, start: b.value, end: a.value };
}

/** Whether an address (parsed once by the caller) is in one of the ranges; an unparsable one is in none. */
export function parsedIpInRanges(ip: ReturnType<typeof parseIp>, ranges: readonly IpRange[]): boolean {
  return ip !== null && ranges.some((r) => r.family === ip.family && ip.value >= r.start && ip.value <= r.end);
}
