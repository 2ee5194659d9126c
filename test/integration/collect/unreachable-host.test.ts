/**
 * A mistyped instance URL fails at once, in words ("Could not reach <host>: …"), instead of
 * five retries with backoff: a host that never answered and does not resolve, or refuses the
 * connection, is a wrong address, not a transient fault.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { MemorySecretStore } from '../../../electron/services/secrets/memory-store';
import { freePort } from '../../support/waits';
import { tempDir } from '../../support/tmp';

let backend: Backend;
beforeEach(() => {
  // A retry would wait a minute: the 10-second test timeout proves there is none.
  backend = createBackend({ dataDir: tempDir(), door: 'cli', secretStore: new MemorySecretStore(), salesforce: { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } } });
});
afterEach(() => backend.close());

type Failure = { ok: false; error: { code: string; message: string } };

describe('an instance URL that cannot be reached', () => {
  it('a host name that does not resolve fails at once and nothing is stored', async () => {
    const r = (await backend.dispatch('orgs.add', { alias: 'acme', method: 'access_token', instanceUrl: 'https://mistyped-org.invalid', accessToken: '00Dxx!token' })) as Failure;
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('network');
    expect(r.error.message).toMatch(/^Could not reach mistyped-org\.invalid: no such host \(the name does not resolve\)\. Check the instance URL/);
    expect(r.error.message).not.toMatch(/attempt|ENOTFOUND|getaddrinfo/);
    expect(((await backend.dispatch('orgs.list', {})) as { value: { orgs: unknown[] } }).value.orgs).toEqual([]);
  }, 10_000);

  it('a port where nothing listens fails at once with the host and port', async () => {
    const port = await freePort();
    const r = (await backend.dispatch('orgs.add', { alias: 'acme', method: 'access_token', instanceUrl: `http://127.0.0.1:${port}`, accessToken: '00Dxx!token' })) as Failure;
    expect(r.error.code).toBe('network');
    expect(r.error.message).toBe(
      `Could not reach 127.0.0.1:${port}: the connection was refused (nothing answers at that address). Check the instance URL (for example https://yourcompany.my.salesforce.com) and your network connection, then try again. Nothing was stored.`,
    );
  }, 10_000);
});
