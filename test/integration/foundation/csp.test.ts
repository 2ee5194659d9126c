/**
 * One content security policy: the desktop protocol and `iua serve` send the same security
 * headers, and renderer/index.html's meta tag says the same policy (less frame-ancestors,
 * which a meta policy cannot carry).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/desktop/protocol';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META, SECURITY_HEADERS } from '../../../shared/csp';
import { tempDir } from '../../support/tmp';

const repoIndex = path.resolve(__dirname, '../../../renderer/index.html');

function metaPolicy(html: string): string | undefined {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
}

function securityHeaders(h: Headers): Record<string, string | null> {
  return Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, h.get(k)]));
}

describe('one content security policy', () => {
  let server: WebServer;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = tempDir('iua-csp-');
    fs.copyFileSync(repoIndex, path.join(staticDir, 'index.html'));
    fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
    server = await startWebServer({ dataDir: tempDir(), port: 0, staticDir });
  });
  afterAll(async () => server.close());

  it("renderer/index.html's meta tag is the policy (frame-ancestors aside)", () => {
    const meta = metaPolicy(fs.readFileSync(repoIndex, 'utf8'));
    expect(meta).toBe(CONTENT_SECURITY_POLICY_META);
    expect(CONTENT_SECURITY_POLICY).toBe(`${CONTENT_SECURITY_POLICY_META}; frame-ancestors 'none'`);
  });

  it('the desktop protocol and the browser-mode server send the same security headers', async () => {
    const desktop = createAppProtocolHandler(staticDir);
    for (const file of ['index.html', 'app.js']) {
      const fromDesktop = securityHeaders(desktop(new Request(`app://iua/${file}`)).headers);
      const fromWeb = securityHeaders((await fetch(`http://127.0.0.1:${server.port}/${file}`)).headers);
      expect(fromDesktop).toEqual(SECURITY_HEADERS);
      expect(fromWeb).toEqual(SECURITY_HEADERS);
    }
    // API answers carry them too.
    const api = await fetch(`http://127.0.0.1:${server.port}/api/app.info`, { method: 'POST', body: '{}', headers: { 'x-iua-token': server.token } });
    expect(securityHeaders(api.headers)).toEqual(SECURITY_HEADERS);
  });
});
