/**
 * The HTTP front of the demo org: routing, bearer-token checks, API usage accounting
 * (`Sforce-Limit-Info`), fault injection and the request journal. Every failure becomes a
 * Salesforce-shaped error; nothing a client sends can take the process down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BulkService } from './bulk2';
import { BadOAuthToken, SfError, notFound } from './errors';
import type { Faults } from './faults';
import { errorReply, json, readBody, send, type Reply } from './http';
import type { Journal } from './journal';
import type { OAuthServer } from './oauth';
import type { QueryService } from './query';
import { dataRoute } from './rest';
import type { OrgSchema } from './schema';

export const API_VERSIONS = Array.from({ length: 64 - 20 + 1 }, (_, i) => `${20 + i}.0`);

export interface ServerContext {
  schema: OrgSchema;
  oauth: OAuthServer;
  queries: QueryService;
  bulk: BulkService;
  faults: Faults;
  journal: Journal;
  limits: { max: number; used: number };
  baseUrl: () => string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INVALID_SESSION = new SfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

function bearer(req: IncomingMessage, params: URLSearchParams): string | null {
  const auth = req.headers.authorization;
  const m = auth ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim()) : null;
  return m ? m[1] : params.get('oauth_token');
}

interface Resolved {
  object: string | null;
  /** Counts against the daily API allocation and carries Sforce-Limit-Info. */
  api: boolean;
  run(): Reply | Promise<Reply>;
}

async function resolve(ctx: ServerContext, req: IncomingMessage, url: URL, body: string): Promise<Resolved> {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const params = url.searchParams;
  /** The data API refuses a bad token with 401 INVALID_SESSION_ID; the OAuth/identity endpoints with 403 Bad_OAuth_Token. */
  const session = (refusal: SfError = INVALID_SESSION) => {
    const token = bearer(req, params);
    const s = token ? ctx.oauth.sessions.get(token) : undefined;
    if (!s) throw refusal;
    return s;
  };

  if (path === '/services/oauth2/token') {
    if (method !== 'POST') throw new SfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are POST`);
    return { object: null, api: false, run: () => ctx.oauth.token(new URLSearchParams(body)) };
  }
  if (path === '/services/oauth2/authorize') return { object: null, api: false, run: () => ctx.oauth.authorize(params) };
  if (path === '/services/oauth2/userinfo') {
    const s = session(new BadOAuthToken());
    return { object: 'User', api: false, run: () => json(ctx.oauth.userinfo(s.userId) ?? INVALID_SESSION.body(), 200) };
  }
  const idMatch = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})$/.exec(path);
  if (idMatch) {
    const s = session(new BadOAuthToken());
    return {
      object: 'User',
      api: false,
      run: () => {
        if (idMatch[1] !== ctx.oauth.orgId && idMatch[1] !== ctx.oauth.orgId.slice(0, 15)) throw notFound('Bad_Id');
        const identity = ctx.oauth.identity(idMatch[2], API_VERSIONS[API_VERSIONS.length - 1]);
        if (!identity) throw notFound('Bad_Id');
        if (s.userId !== identity.user_id) throw new SfError(403, 'INSUFFICIENT_ACCESS', 'You can only read your own identity');
        return json(identity);
      },
    };
  }
  if (path === '/services/data') {
    return { object: null, api: false, run: () => json(API_VERSIONS.map((v) => ({ label: `API ${v}`, url: `/services/data/v${v}`, version: v }))) };
  }
  const dm = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(path);
  if (dm) {
    if (!API_VERSIONS.includes(dm[1])) throw notFound();
    const s = session();
    const segs = (dm[2] ?? '')
      .split('/')
      .filter(Boolean)
      .map((x) => decodeURIComponent(x));
    const route = dataRoute(
      { schema: ctx.schema, queries: ctx.queries, bulk: ctx.bulk, limits: ctx.limits, identityUrl: ctx.oauth.idUrl(s.userId), userId: s.userId },
      method,
      dm[1],
      segs,
      params,
      req.headers,
      body,
    );
    return { object: route.object, api: true, run: () => route.run() };
  }
  throw notFound();
}

/**
 * Salesforce KB 000386264: "Maximum length for the combined URI and headers is 16,384 bytes. A
 * request exceeding this limit returns a 431 Request Header Fields Too Large error. If the URI
 * itself exceeds this limit, the request returns a 414 URI Too Long error." The body is an HTML
 * page, not JSON (jsforce/jsforce#1134, simple-salesforce#271).
 */
export const MAX_URI_AND_HEADERS = 16_384;

function requestHeadSize(req: IncomingMessage): { uri: number; total: number } {
  const uri = Buffer.byteLength(req.url ?? '');
  let total = Buffer.byteLength(`${req.method ?? 'GET'} `) + uri + Buffer.byteLength(` HTTP/${req.httpVersion}\r\n`);
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) total += Buffer.byteLength(req.rawHeaders[i]) + 2 + Buffer.byteLength(req.rawHeaders[i + 1]) + 2;
  return { uri, total };
}

function tooLong(status: 414 | 431): Reply {
  const reason = status === 414 ? 'URI Too Long' : 'Request Header Fields Too Large';
  return {
    status,
    headers: { 'Content-Type': 'text/html;charset=iso-8859-1', Connection: 'close' },
    body: `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${reason}</title>\n</head>\n<body><h2>HTTP ERROR ${status} ${reason}</h2>\n<table>\n<tr><th>URI:</th><td>/badMessage</td></tr>\n<tr><th>STATUS:</th><td>${status}</td></tr>\n<tr><th>MESSAGE:</th><td>${reason}</td></tr>\n</table>\n</body>\n</html>\n`,
  };
}

/** `//a///b?x=//y` → `/a/b?x=//y`: only the path part, never the query. */
export function collapseSlashes(requestUrl: string): string {
  const q = requestUrl.indexOf('?');
  const pathPart = q < 0 ? requestUrl : requestUrl.slice(0, q);
  const rest = q < 0 ? '' : requestUrl.slice(q);
  return `${pathPart.replace(/\/{2,}/g, '/') || '/'}${rest}`;
}

export function createDemoServer(ctx: ServerContext): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = new Date().toISOString();
    const head = requestHeadSize(req);
    if (head.uri > MAX_URI_AND_HEADERS || head.total > MAX_URI_AND_HEADERS) {
      const reply = tooLong(head.uri > MAX_URI_AND_HEADERS ? 414 : 431);
      ctx.journal.record({ time: started, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0].slice(0, 200), status: reply.status, object: null });
      send(res, reply);
      return;
    }
    let url: URL;
    try {
      // A real org answers `//services/data/…` like `/services/data/…` (clients that keep the
      // instance URL's trailing slash send it, the Salesforce CLI among them). Collapse the
      // slashes before parsing: `new URL('//services/…', base)` would read "services" as a host.
      url = new URL(`http://localhost${collapseSlashes(req.url ?? '/')}`);
    } catch {
      url = new URL('http://localhost/');
    }
    let object: string | null = null;
    let reply: Reply;
    let api = url.pathname.startsWith('/services/data/v');
    try {
      const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
      const resolved = await resolve(ctx, req, url, body);
      object = resolved.object;
      api = resolved.api;
      const fault = ctx.faults.decide(url.pathname, object);
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.drop) {
        ctx.journal.record({ time: started, method: req.method ?? 'GET', path: url.pathname, status: 0, object });
        req.socket.destroy();
        return;
      }
      if (fault.error) throw new SfError(fault.error.status, fault.error.errorCode, fault.error.message);
      if (api) {
        if (ctx.limits.used >= ctx.limits.max) throw new SfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        ctx.limits.used++;
      }
      reply = await resolved.run();
    } catch (err) {
      if (err instanceof SfError) reply = errorReply(err);
      else {
        process.stderr.write(`demo-org: unexpected error on ${req.method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        reply = errorReply(new SfError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: demo-org'));
      }
    }
    if (api) reply.headers = { ...(reply.headers ?? {}), 'Sforce-Limit-Info': `api-usage=${ctx.limits.used}/${ctx.limits.max}` };
    ctx.journal.record({ time: started, method: req.method ?? 'GET', path: url.pathname, status: reply.status, object });
    send(res, req.method === 'HEAD' ? { ...reply, body: undefined } : reply);
  };
  // Node refuses heads over 16 KiB itself; accept more so the limit above answers as Salesforce does.
  const server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, errorReply(new SfError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred')));
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    if (err.code === 'HPE_HEADER_OVERFLOW') socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
    else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  return server;
}
