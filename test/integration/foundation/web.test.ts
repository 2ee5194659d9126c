import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { tempDir } from '../../support/tmp';

describe('browser mode server', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ dataDir: tempDir(), port: 0, staticDir: tempDir() });
  });
  afterAll(async () => server.close());

  const api = (name: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${server.port}/api/${name}`, { method: 'POST', ...init });

  it('binds loopback and prints a URL with the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
  });

  it('rejects calls without or with a wrong token', async () => {
    expect((await api('app.info', { body: '{}' })).status).toBe(401);
    expect((await api('app.info', { body: '{}', headers: { 'x-iua-token': 'wrong' } })).status).toBe(401);
  });

  it('answers calls with the token through the contract', async () => {
    const res = await api('app.info', { body: '{}', headers: { 'x-iua-token': server.token } });
    const body = (await res.json()) as { ok: boolean; value: { door: string } };
    expect(body.ok).toBe(true);
    expect(body.value.door).toBe('browser');
  });

  it('answers malformed JSON and invalid input with validation errors', async () => {
    const bad = await api('app.info', { body: '{not json', headers: { 'x-iua-token': server.token } });
    expect(bad.status).toBe(400);
    const invalid = (await (await api('app.info', { body: '{"x":1}', headers: { 'x-iua-token': server.token } })).json()) as { error: { code: string } };
    expect(invalid.error.code).toBe('validation');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/api/app.info', method: 'POST', headers: { host: 'evil.example:80', 'x-iua-token': server.token } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('streams events over SSE only with the token', async () => {
    const denied = await fetch(`http://127.0.0.1:${server.port}/events?token=nope`);
    expect(denied.status).toBe(401);
    const ctrl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${server.port}/events?token=${server.token}`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await reader.read(); // the ": connected" comment
    server.backend.ctx.events.emit('data.changed', { orgAlias: 'demo', what: 'test' });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: data.changed');
    ctrl.abort();
  });
});
