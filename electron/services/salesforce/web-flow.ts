/**
 * The OAuth web-server flow for a desktop tool: PKCE (S256), the system browser (never an
 * embedded view), a loopback redirect on the registered port bound to 127.0.0.1 only, and a
 * random `state` that must come back unchanged. Only the first valid callback is accepted.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { AppError } from '../../../shared/contract';
import { authorizationCodeGrant, OAuthError, type TokenResult } from './auth';

export const DEFAULT_REDIRECT_PORT = 7717;
export const CALLBACK_PATH = '/oauth/callback';

export type OpenUrl = (url: string) => Promise<void> | void;

function b64url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = b64url(crypto.randomBytes(64));
  return { verifier, challenge: b64url(crypto.createHash('sha256').update(verifier).digest()) };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

export async function runWebFlow(p: { loginUrl: string; clientId: string; clientSecret?: string; port: number; openUrl: OpenUrl; timeoutMs?: number }): Promise<TokenResult> {
  const { verifier, challenge } = pkcePair();
  const state = b64url(crypto.randomBytes(24));
  const redirectUri = `http://127.0.0.1:${p.port}${CALLBACK_PATH}`;

  let settle!: { resolve: (code: string) => void; reject: (err: Error) => void };
  const codePromise = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  let done = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', redirectUri);
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || done) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const gotState = url.searchParams.get('state') ?? '';
    if (!sameSecret(gotState, state)) {
      // A forged or stale callback: refuse it and keep waiting for the real one.
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(PAGE('Sign-in refused', 'The answer did not match the sign-in this app started. Close this window and try again.'));
      return;
    }
    done = true;
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in failed', 'Salesforce did not grant access. You can close this window.'));
      settle.reject(new OAuthError(error ?? 'no_code', url.searchParams.get('error_description') ?? 'no authorization code in the callback'));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Signed in', 'Integration User Auditor is connected. You can close this window.'));
    settle.resolve(code);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new AppError(
              'conflict',
              `Port ${p.port} on 127.0.0.1 is in use; the web sign-in needs the port registered as the app's callback. Free it or register another port (--redirect-port).`,
            )
          : err,
      ),
    );
    server.listen(p.port, '127.0.0.1', () => resolve());
  });

  const timer = setTimeout(() => {
    if (!done) {
      done = true;
      settle.reject(new AppError('auth_required', 'No answer from the browser sign-in within the time allowed; nothing was saved.'));
    }
  }, p.timeoutMs ?? 300_000);

  try {
    const authorizeUrl = new URL(`${p.loginUrl.replace(/\/+$/, '')}/services/oauth2/authorize`);
    authorizeUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: p.clientId,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      scope: 'api refresh_token',
    }).toString();
    await p.openUrl(authorizeUrl.toString());
    const code = await codePromise;
    return await authorizationCodeGrant({ loginUrl: p.loginUrl, clientId: p.clientId, clientSecret: p.clientSecret, redirectUri, code, codeVerifier: verifier });
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Opens the system browser (never an embedded view). */
export async function openInSystemBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  await new Promise<void>((resolve) => {
    try {
      const child = spawn(command, [url], { stdio: 'ignore', detached: true });
      child.on('error', () => {
        process.stderr.write(`Could not open a browser; open this URL yourself:\n${url}\n`);
        resolve();
      });
      child.on('spawn', () => {
        child.unref();
        resolve();
      });
    } catch {
      process.stderr.write(`Could not open a browser; open this URL yourself:\n${url}\n`);
      resolve();
    }
  });
}
