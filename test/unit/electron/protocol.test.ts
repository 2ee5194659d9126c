import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from '../../../electron/desktop/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { tempDir } from '../../support/tmp';

let base: string;
let renderer: string;
let handle: (r: Request) => Response;
const SECRET = 'root:x:0:0:TOP-SECRET';

beforeAll(() => {
  base = tempDir('iua-proto-');
  renderer = path.join(base, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>IUA</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  // Things outside the renderer folder that a traversal would reach.
  fs.writeFileSync(path.join(base, 'passwd'), SECRET);
  fs.mkdirSync(path.join(base, 'etc'));
  fs.writeFileSync(path.join(base, 'etc', 'passwd'), SECRET);
  fs.symlinkSync(path.join(base, 'passwd'), path.join(renderer, 'assets', 'link.js'));
  handle = createAppProtocolHandler(renderer);
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string) => handle(new Request(url));

describe('app:// protocol', () => {
  it('serves the renderer with the CSP header', async () => {
    const r = get('app://iua/assets/app.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toBe('console.log(1)');
    const index = get('app://iua/index.html');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('has a CSP that allows no eval, no inline script and no remote content', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    for (const values of Object.values(directives) as string[][]) {
      for (const v of values) expect(v).not.toMatch(/^(https?:|\*|'unsafe-eval'|'wasm-unsafe-eval')/);
    }
  });

  it('falls back to index.html for client-side routes, with the CSP header', async () => {
    const r = get('app://iua/orgs/acme/users');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>IUA</title>');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://iua/../../etc/passwd',
    'app://iua/../passwd',
    'app://iua/%2e%2e/passwd',
    'app://iua/%2E%2E/%2e%2e/etc/passwd',
    'app://iua/assets/..%2f..%2fpasswd',
    'app://iua/..%5c..%5cpasswd',
    'app://iua/assets/link.js',
    'app://iua/assets/%00.js',
    'app://iua/C:%2fWindows%2fwin.ini',
    'app://iua/%E0%A4%A',
  ])('never serves a file outside the renderer: %s', async (url) => {
    const r = get(url);
    const body = await r.text();
    expect(body).not.toContain('TOP-SECRET');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses encoded traversal outright (403), not with the app page', () => {
    // (URL parsing itself collapses "%2e%2e" segments; what survives it is checked after decoding.)
    expect(get('app://iua/assets/..%2f..%2fpasswd').status).toBe(403);
    expect(get('app://iua/assets/link.js').status).toBe(403);
    expect(resolveAppPath(renderer, '/%2e%2e/%2e%2e/etc/passwd')).toMatchObject({ kind: 'refused' });
    expect(resolveAppPath(renderer, '/assets/..%2F..%2Fpasswd')).toMatchObject({ kind: 'refused' });
    expect(resolveAppPath(renderer, '/assets/app.js')).toMatchObject({ kind: 'file' });
  });

  it('answers only its own host and GET', () => {
    expect(get('app://other/index.html').status).toBe(404);
    expect(handle(new Request('app://iua/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    expect(get('app://iua/assets/missing.js').status).toBe(404);
  });
});
