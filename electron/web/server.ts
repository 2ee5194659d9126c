/**
 * Browser mode: the built renderer and the contract over HTTP on 127.0.0.1 only.
 *
 * - Every call is POST /api/<call> with a JSON body; the per-launch token must be in the
 *   `x-iua-token` header. Events stream over Server-Sent Events at /events?token=….
 * - The Host header must name our loopback address and port, which defeats DNS-rebinding
 *   pages that try to reach this server from a browser tab.
 * - Static files are the renderer build; they hold no data, so they need no token.
 * - Bodies are bounded (HTTP_MAX_BODY_BYTES, which fits the largest upload the window allows):
 *   a larger one is answered 413 with what to do instead, never a dropped connection.
 * - Event streams are bounded too: at most MAX_EVENT_STREAMS at once (a new one closes the
 *   oldest; EventSource reconnects), a heartbeat finds dead ones, and each is closed after
 *   STREAM_LIFETIME_MS so none lingers forever.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { HTTP_MAX_BODY_BYTES } from '../../shared/contract/snapshots';
import { createBackend, type Backend } from '../services/backend';
import { createLogger } from '../services/log';
import { SECURITY_HEADERS } from '../../shared/csp';

export interface WebServer {
  url: string;
  port: number;
  token: string;
  backend: Backend;
  close(): Promise<void>;
}

export interface WebServerOptions {
  dataDir: string;
  port?: number;
  /** Fixed token (tests); default: 32 random bytes, new each launch. */
  token?: string;
  /** Where the built renderer is; default out/renderer in the project. */
  staticDir?: string;
  /** Event-stream timings (tests shorten them). */
  heartbeatMs?: number;
  streamLifetimeMs?: number;
}

const MAX_BODY = HTTP_MAX_BODY_BYTES;
const TOO_LARGE = `The request is larger than browser mode accepts (${Math.round(HTTP_MAX_BODY_BYTES / 1024 / 1024)} MiB). For a snapshot file, import it with \`iua snapshot import FILE\` instead.`;
/** One window needs one stream; a few tabs a few more. */
export const MAX_EVENT_STREAMS = 16;
const HEARTBEAT_MS = 20_000;
const STREAM_LIFETIME_MS = 15 * 60_000;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export function defaultStaticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', 'out', 'renderer');
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = createLogger('web');
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const staticDir = options.staticDir ?? defaultStaticDir();
  const backend = createBackend({ dataDir: options.dataDir, door: 'browser' });
  const sseClients = new Set<http.ServerResponse>();
  let port = 0;
  const heartbeat = setInterval(() => {
    for (const res of sseClients) res.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  const unsubscribe = backend.ctx.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('request failed', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Wrong Host header.' } });
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'Use POST.' } });
      const given = req.headers['x-iua-token'];
      if (typeof given !== 'string' || !tokensEqual(given, token)) {
        return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong token: open the URL that `iua serve` printed.' } });
      }
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'The call name in the URL is not valid percent-encoding.' } });
      }
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          // Answer, drop the rest of the upload as it arrives, then close: the client reads the
          // message instead of a reset, and a body that never ends cannot hold the socket.
          res.setHeader('Connection', 'close');
          setTimeout(() => req.socket.destroy(), 60_000).unref();
          return sendJson(res, 413, { ok: false, error: { code: 'validation', message: TOO_LARGE } });
        }
        return sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'Request body is not valid JSON.' } });
      }
      return sendJson(res, 200, await backend.dispatch(name, input));
    }

    if (url.pathname === '/events') {
      const given = url.searchParams.get('token') ?? '';
      if (!tokensEqual(given, token)) return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong token.' } });
      if (sseClients.size >= MAX_EVENT_STREAMS) sseClients.values().next().value?.end(); // the oldest
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write('retry: 2000\n: connected\n\n');
      sseClients.add(res);
      const lifetime = setTimeout(() => res.end(), options.streamLifetimeMs ?? STREAM_LIFETIME_MS);
      lifetime.unref();
      const gone = () => {
        clearTimeout(lifetime);
        sseClients.delete(res);
      };
      res.on('close', gone);
      res.on('finish', gone);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'Method not allowed.' } });
    return serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const root = path.resolve(staticDir);
    const index = path.join(root, 'index.html');
    if (!fs.existsSync(index)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The renderer is not built. Run: npm run build:renderer\n(looked in ${root})\n`);
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      rel = '/';
    }
    const file = path.resolve(root, '.' + rel);
    // Never serve outside the build folder; unknown paths get the app (client-side routes).
    const inside = file === root || file.startsWith(root + path.sep);
    const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : index;
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'Cache-Control': target === index ? 'no-store' : 'public, max-age=3600',
    });
    fs.createReadStream(target).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    backend,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const res of sseClients) res.end();
      sseClients.clear();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) size = MAX_BODY + 1;
    if (size > MAX_BODY) reject(new BodyTooLarge());
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY) return; // already refused: the rest is read and dropped
      size += chunk.length;
      if (size > MAX_BODY) {
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
