import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, protectionMode, SECRETS_FILE, type SafeStorageLike } from '../../../electron/desktop/safe-storage-secrets';
import { desktopSettingsStore, DESKTOP_SETTINGS_FILE } from '../../../electron/desktop/settings';
import { tempDir } from '../../support/tmp';

/** A stand-in for Electron's safeStorage: XOR with a key, so ciphertext never contains the plaintext. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { encrypted: number } {
  const key = 0x5a;
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(s: string) {
      fake.encrypted++;
      return Buffer.concat([Buffer.from('v11'), Buffer.from(s, 'utf8').map((b) => b ^ key)]);
    },
    decryptString(b: Buffer) {
      if (b.subarray(0, 3).toString() !== 'v11') throw new Error('bad blob');
      return Buffer.from(b.subarray(3).map((x) => x ^ key)).toString('utf8');
    },
  };
  return fake;
}

const SECRET = { accessToken: '00Dxx0000000001!AQ4AQLongSecretToken', refreshToken: '5Aep861RefreshSecret' };

let dir: string;
beforeEach(() => {
  dir = tempDir('iua-secrets-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every byte under the data directory, to search for leaked secrets. */
function allBytes(): string {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'latin1'))
    .join('\n');
}

function store(safe: SafeStorageLike, answers: boolean[] = [], platform: NodeJS.Platform = 'linux') {
  const settings = desktopSettingsStore(dir);
  const asked: number[] = [];
  const s = createSafeStorageSecretStore({
    safeStorage: safe,
    file: path.join(dir, SECRETS_FILE),
    platform,
    consent: {
      granted: () => settings.read().plainTextSecretsConsentAt !== undefined,
      grant: () => settings.update({ plainTextSecretsConsentAt: '2025-01-01T00:00:00.000Z' }),
    },
    askConsent: async () => {
      asked.push(1);
      return answers.shift() ?? false;
    },
  });
  return { s, asked, settings };
}

describe('safeStorage SecretStore', () => {
  it('classifies backends: only a real keyring counts as encrypted on Linux', () => {
    expect(protectionMode(fakeSafeStorage('gnome_libsecret'), 'linux')).toBe('encrypted');
    expect(protectionMode(fakeSafeStorage('kwallet6'), 'linux')).toBe('encrypted');
    expect(protectionMode(fakeSafeStorage('basic_text'), 'linux')).toBe('weak');
    expect(protectionMode(fakeSafeStorage('unknown'), 'linux')).toBe('weak');
    expect(protectionMode(fakeSafeStorage('basic_text', false), 'linux')).toBe('unavailable');
    expect(protectionMode(fakeSafeStorage('unknown'), 'darwin')).toBe('encrypted');
    expect(protectionMode(fakeSafeStorage('unknown', false), 'win32')).toBe('unavailable');
  });

  it('persists encrypted with a real backend, never in plaintext, and reads back in a new session', async () => {
    const safe = fakeSafeStorage('gnome_libsecret');
    const { s, asked } = store(safe);
    expect(s.persistent).toBe(true);
    await s.set('acme', SECRET);
    expect(asked).toEqual([]);
    expect(fs.existsSync(path.join(dir, SECRETS_FILE))).toBe(true);
    const bytes = allBytes();
    expect(bytes).not.toContain(SECRET.accessToken);
    expect(bytes).not.toContain(SECRET.refreshToken);
    expect(bytes).not.toContain('accessToken');
    // A new process (new store object) finds it.
    const again = store(safe).s;
    expect(await again.get('acme')).toEqual(SECRET);
    expect(await again.get('other')).toBeNull();
    await again.delete('acme');
    expect(await store(safe).s.get('acme')).toBeNull();
  });

  it('under basic_text without consent: warns, keeps secrets for the session only, writes nothing', async () => {
    const safe = fakeSafeStorage('basic_text');
    const { s, asked } = store(safe, [false]);
    await s.set('acme', SECRET);
    expect(asked).toHaveLength(1);
    expect(s.persistent).toBe(false);
    expect(await s.get('acme')).toEqual(SECRET);
    await s.set('beta', { password: 'hunter2-secret' });
    // Declined once: not asked again in the same session.
    expect(asked).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, SECRETS_FILE))).toBe(false);
    expect(safe.encrypted).toBe(0);
    expect(allBytes()).not.toContain('hunter2-secret');
    // The next session starts empty.
    expect(await store(safe).s.get('acme')).toBeNull();
  });

  it('under basic_text with explicit consent: stores it, remembers the answer, flushes session secrets', async () => {
    const safe = fakeSafeStorage('basic_text');
    const first = store(safe, [false]);
    await first.s.set('early', { accessToken: 'early-secret-token' });
    expect(fs.existsSync(path.join(dir, SECRETS_FILE))).toBe(false);

    const second = store(safe, [true]);
    await second.s.set('early', { accessToken: 'early-secret-token' });
    await second.s.set('acme', SECRET);
    expect(second.asked).toHaveLength(1);
    expect(second.s.persistent).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, DESKTOP_SETTINGS_FILE), 'utf8'))).toMatchObject({ plainTextSecretsConsentAt: expect.any(String) });
    expect(allBytes()).not.toContain(SECRET.accessToken);

    // A later session reads them back without asking again.
    const third = store(safe, []);
    expect(await third.s.get('acme')).toEqual(SECRET);
    expect(await third.s.get('early')).toEqual({ accessToken: 'early-secret-token' });
    expect(third.asked).toEqual([]);
  });

  it('keeps secrets in memory only when encryption is unavailable', async () => {
    const safe = fakeSafeStorage('basic_text', false);
    const { s, asked } = store(safe, [true]);
    await s.set('acme', SECRET);
    expect(asked).toEqual([]);
    expect(s.persistent).toBe(false);
    expect(await s.get('acme')).toEqual(SECRET);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('loses no entry when writes overlap, and leaves no temporary files', async () => {
    const { s } = store(fakeSafeStorage('gnome_libsecret'));
    await Promise.all(Array.from({ length: 12 }, (_, i) => s.set(`org${i}`, { accessToken: `token-${i}` })));
    const fresh = store(fakeSafeStorage('gnome_libsecret')).s;
    for (let i = 0; i < 12; i++) expect(await fresh.get(`org${i}`)).toEqual({ accessToken: `token-${i}` });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('does not overwrite a damaged secrets file', async () => {
    const file = path.join(dir, SECRETS_FILE);
    fs.writeFileSync(file, '{not json');
    const { s } = store(fakeSafeStorage('gnome_libsecret'));
    await expect(s.set('acme', SECRET)).rejects.toThrow(/damaged/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{not json');
  });

  it('treats an undecryptable entry as missing (re-authentication), not a crash', async () => {
    const { s } = store(fakeSafeStorage('gnome_libsecret'));
    await s.set('acme', SECRET);
    const file = path.join(dir, SECRETS_FILE);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.entries.acme = Buffer.from('garbage').toString('base64');
    fs.writeFileSync(file, JSON.stringify(doc));
    expect(await store(fakeSafeStorage('gnome_libsecret')).s.get('acme')).toBeNull();
  });

  it('uses the async API where the Electron version has it', async () => {
    const base = fakeSafeStorage('gnome_libsecret');
    let asyncCalls = 0;
    const safe: SafeStorageLike = {
      ...base,
      encryptString: () => {
        throw new Error('sync API used');
      },
      decryptString: () => {
        throw new Error('sync API used');
      },
      encryptStringAsync: async (t) => (asyncCalls++, base.encryptString(t)),
      decryptStringAsync: async (b) => (asyncCalls++, { result: base.decryptString(b) }),
    };
    const { s } = store(safe);
    await s.set('acme', SECRET);
    expect(await store(safe).s.get('acme')).toEqual(SECRET);
    expect(asyncCalls).toBe(2);
  });

  it('rejects unknown secret fields rather than storing arbitrary data', async () => {
    const { s } = store(fakeSafeStorage('gnome_libsecret'));
    await expect(s.set('acme', { accessToken: 'x', nope: 1 } as never)).rejects.toThrow();
  });
});
