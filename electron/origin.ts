/**
 * scheme://host[:port] of a URL. Node's URL gives origin "null" for non-special schemes such
 * as our app:// protocol, so build it from the parts; a URL without a host has no origin.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}
