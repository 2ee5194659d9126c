/**
 * Serves the built renderer on app://iua/. Only files inside the renderer folder are served,
 * whatever the URL says (encoded dot segments, backslashes, NUL bytes, symlinks out); an
 * unknown path without an extension gets index.html so client-side routes survive a reload,
 * and every response carries the security headers (CSP). Written against the Fetch API's
 * Request/Response so it runs under plain Node in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SECURITY_HEADERS } from '../../shared/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'iua';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

function refuse(status: 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export type ResolvedPath = { kind: 'file'; file: string } | { kind: 'fallback' } | { kind: 'refused'; reason: string };

/** Maps a URL path to a file strictly inside root, or says why not. */
export function resolveAppPath(root: string, urlPath: string): ResolvedPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused', reason: 'bad encoding' };
  }
  // Backslashes and colons would let a Windows path ("C:\\…") escape the root.
  if (/[\0\\:]/.test(decoded)) return { kind: 'refused', reason: 'forbidden character' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'dot segment' };
  const rel = segments.filter((s) => s !== '').join(path.sep);
  const realRoot = fs.realpathSync(root);
  const file = path.resolve(realRoot, rel === '' ? 'index.html' : rel);
  if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return { kind: 'refused', reason: 'outside the app' };
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    // A client-side route (no extension) falls back to the app; a missing asset is a 404.
    return path.extname(rel) === '' ? { kind: 'fallback' } : { kind: 'refused', reason: 'not found' };
  }
  if (!real.startsWith(realRoot + path.sep)) return { kind: 'refused', reason: 'outside the app' };
  if (!fs.statSync(real).isFile()) return path.extname(rel) === '' ? { kind: 'fallback' } : { kind: 'refused', reason: 'not a file' };
  return { kind: 'file', file: real };
}

function serveFile(file: string): Response {
  const body = fs.readFileSync(file);
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' } });
}

/** The handler for protocol.handle('app', …). */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Response {
  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404, 'Not found');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'Not found');
    // URL parsing already collapsed literal "..", but not "%2e%2e": resolveAppPath checks after decoding.
    const resolved = resolveAppPath(rendererDir, url.pathname);
    if (resolved.kind === 'refused')
      return refuse(resolved.reason === 'not found' || resolved.reason === 'not a file' ? 404 : 403, resolved.reason === 'not found' ? 'Not found' : 'Forbidden');
    if (resolved.kind === 'fallback') return serveFile(path.join(fs.realpathSync(rendererDir), 'index.html'));
    return serveFile(resolved.file);
  };
}
