/**
 * #4 INVALID_SESSION_ID, then a refresh with a rotated refresh token: the newest refresh token
 * is persisted and, after a restart, the connection still works. #5 invalid_grant on refresh:
 * the org is marked "re-authentication needed" after one attempt and snapshots are untouched.
 * (Moved here from test/integration/collect/auth.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PassphraseFileSecretStore } from '../../electron/services/secrets/passphrase-file-store';
import { reportAs, tally } from './support/report';
import { assertNothingLost, integrityOf, PASSPHRASE, rig, withDb, type Rig } from './support/rig';
import { freePort, failure } from '../support/waits';

reportAs('auth-recovery.test.ts');

let r: Rig | null = null;
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

/** Plays the browser: follows the authorize redirect back to our loopback listener. */
const browser = async (url: string) => {
  void fetch(url).catch(() => undefined);
};

function tokenCalls(r: Rig, from: number): number {
  return r.org.journal.slice(from).filter((e) => e.path === '/services/oauth2/token').length;
}

describe('session expiry and refresh', () => {
  it('web-server flow with PKCE, then a session expiry with a rotated refresh token survives a restart', async () => {
    r = await rig({}, { openUrl: browser });
    const port = await freePort();
    const added = await r.backend.call('orgs.add', { alias: 'demo', method: 'web', loginUrl: r.org.url, clientId: r.org.clientId, redirectPort: port });
    expect(added.org.authMethod).toBe('web');
    expect(added.org.redirectPort).toBe(port);
    const authorize = r.org.journal.find((e) => e.path === '/services/oauth2/authorize');
    expect(authorize).toBeDefined();

    const store = new PassphraseFileSecretStore(r.dataDir, PASSPHRASE);
    const firstRefresh = (await store.get('demo'))!.refreshToken!;
    expect(firstRefresh).toBeTruthy();

    r.org.expireSessions();
    const before = r.org.journal.length;
    const one = await r.backend.call('collect.start', { alias: 'demo' });
    expect(tokenCalls(r, before)).toBe(1);
    const rotated = (await new PassphraseFileSecretStore(r.dataDir, PASSPHRASE).get('demo'))!.refreshToken!;
    expect(rotated).not.toBe(firstRefresh);

    // A new process (new back end, new store object) must use the rotated token: the old one is revoked.
    const b2 = r.restart();
    r.org.expireSessions();
    const two = await b2.call('collect.start', { alias: 'demo' });
    expect(two.contentHash).toBe(one.contentHash);
    expect((await b2.call('orgs.list', {})).orgs[0].status).toBe('ok');
    // The newest refresh token is the one persisted.
    const persisted = (await new PassphraseFileSecretStore(r.dataDir, PASSPHRASE).get('demo'))!.refreshToken!;
    expect(persisted).not.toBe(rotated);
    tally('#4', { tests: 1, faults: 2, nothingLost: assertNothingLost(r.dataDir) + 2 });
  });

  it('invalid_grant on refresh marks the org for re-authentication after one try', async () => {
    r = await rig({}, { openUrl: browser });
    const port = await freePort();
    await r.backend.call('orgs.add', { alias: 'demo', method: 'web', loginUrl: r.org.url, clientId: r.org.clientId, redirectPort: port });
    const first = await r.backend.call('collect.start', { alias: 'demo' });
    // The stored refresh token is revoked (rotated away by a refresh elsewhere).
    const store = new PassphraseFileSecretStore(r.dataDir, PASSPHRASE);
    const secrets = (await store.get('demo'))!;
    await store.set('demo', { ...secrets, refreshToken: 'revoked-refresh-token' });
    r.org.expireSessions();

    const before = r.org.journal.length;
    const err = await failure(r.backend.call('collect.start', { alias: 'demo' }));
    expect(err.code).toBe('auth_required');
    expect(err.message).toMatch(/re-authentication/);
    // One sentence at a time: the refusal's own full stop is not doubled.
    expect(err.message).not.toContain('..');
    expect(tokenCalls(r, before)).toBe(1);
    const org = (await r.backend.call('orgs.list', {})).orgs[0];
    expect(org.status).toBe('reauth_needed');
    expect(org.currentSnapshotId).toBe(first.snapshotId);

    // No loop: the next attempt is refused before any request.
    const again = r.org.journal.length;
    const err2 = await failure(r.backend.call('collect.start', { alias: 'demo' }));
    expect(err2.code).toBe('auth_required');
    expect(r.org.journal.length).toBe(again);
    withDb(r.dataDir, (db) => expect((db.prepare('SELECT COUNT(*) AS n FROM snapshot').get() as { n: number }).n).toBe(1));
    // Snapshots untouched: the one collected before is whole and still current.
    tally('#5', { tests: 1, faults: 1, nothingLost: assertNothingLost(r.dataDir, { [first.snapshotId]: first.contentHash }) + 3 });
  });
});
