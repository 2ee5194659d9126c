import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { PassphraseFileSecretStore, SECRETS_FILE } from '../../../electron/services/secrets/passphrase-file-store';
import { chooseSecretStore } from '../../../electron/services/secrets/choose';
import { MemorySecretStore } from '../../../electron/services/secrets/memory-store';
import { tempDir } from '../../support/tmp';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dir() {
  const d = tempDir('iua-secrets-');
  dirs.push(d);
  return d;
}

describe('passphrase-file secret store', () => {
  it('round-trips, encrypts, and leaves no temp files', async () => {
    const d = dir();
    const store = new PassphraseFileSecretStore(d, 'pass-1');
    await store.set('a', { accessToken: '00Dxx!secret-access', refreshToken: 'rt-secret' });
    await store.set('b', { password: 'pw-secret' });
    expect(await new PassphraseFileSecretStore(d, 'pass-1').get('a')).toEqual({ accessToken: '00Dxx!secret-access', refreshToken: 'rt-secret' });
    const bytes = fs.readFileSync(path.join(d, SECRETS_FILE));
    for (const s of ['secret-access', 'rt-secret', 'pw-secret']) expect(bytes.includes(Buffer.from(s))).toBe(false);
    expect(fs.readdirSync(d)).toEqual([SECRETS_FILE]);
    expect(fs.statSync(path.join(d, SECRETS_FILE)).mode & 0o077).toBe(0);
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toEqual({ password: 'pw-secret' });
  });

  it('refuses a wrong passphrase or an altered file and leaves the file as it was', async () => {
    const d = dir();
    await new PassphraseFileSecretStore(d, 'right').set('a', { accessToken: 't' });
    const file = path.join(d, SECRETS_FILE);
    const before = fs.readFileSync(file);
    const wrong = new PassphraseFileSecretStore(d, 'wrong');
    await expect(wrong.get('a')).rejects.toMatchObject({ code: 'auth_required' });
    await expect(wrong.set('b', { accessToken: 'x' })).rejects.toBeInstanceOf(AppError);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const env = JSON.parse(before.toString());
    // A KDF cost this app never writes is refused before any key is derived (a downgrade, or a
    // cost that would allocate gigabytes); a changed salt fails authentication.
    env.kdf.N = 1024;
    fs.writeFileSync(file, JSON.stringify(env));
    await expect(new PassphraseFileSecretStore(d, 'right').get('a')).rejects.toMatchObject({ code: 'bad_file' });
    env.kdf.N = 1 << 15;
    env.kdf.salt = Buffer.alloc(16, 7).toString('base64');
    fs.writeFileSync(file, JSON.stringify(env));
    await expect(new PassphraseFileSecretStore(d, 'right').get('a')).rejects.toMatchObject({ code: 'auth_required' });
  });

  it('serialises concurrent writes in one process', async () => {
    const d = dir();
    const store = new PassphraseFileSecretStore(d, 'p');
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`org${i}`, { accessToken: `t${i}` })));
    for (let i = 0; i < 10; i++) expect(await store.get(`org${i}`)).toEqual({ accessToken: `t${i}` });
  });
});

describe('choosing a secret store', () => {
  it('honours IUA_SECRET_STORE and falls back to session-only memory', async () => {
    const d = dir();
    expect((await chooseSecretStore(d, { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: 'x' })).kind).toBe('passphrase-file');
    expect((await chooseSecretStore(d, { IUA_SECRET_STORE: 'session' })).kind).toBe('session');
    await expect(chooseSecretStore(d, { IUA_SECRET_STORE: 'file' })).rejects.toMatchObject({ code: 'validation' });
    // Without a keychain (this headless machine) and without a passphrase: session-only.
    const auto = await chooseSecretStore(d, {});
    expect(['keychain', 'session']).toContain(auto.kind);
    if (auto.kind === 'session') expect(auto.persistent).toBe(false);
    const withPass = await chooseSecretStore(d, { IUA_PASSPHRASE: 'x' });
    expect(['keychain', 'passphrase-file']).toContain(withPass.kind);
    const mem = new MemorySecretStore();
    const obj = { accessToken: 'a' };
    await mem.set('x', obj);
    obj.accessToken = 'changed';
    expect(await mem.get('x')).toEqual({ accessToken: 'a' });
  });
});
