/**
 * Picks the secret store for the CLI and browser mode: the OS keychain where one answers,
 * else a passphrase-encrypted file when IUA_PASSPHRASE is set, else session-only memory.
 * IUA_SECRET_STORE=keychain|file|session forces one (tests use it to stay off the real
 * keychain). The choice is made once, on first use, because probing the keychain is async.
 */
import { AppError } from '../../../shared/contract';
import type { SecretStoreInfo } from '../../../shared/contract/orgs';
import { probeKeychain } from './keychain-store';
import { MemorySecretStore, SESSION_ONLY_MESSAGE } from './memory-store';
import { PassphraseFileSecretStore } from './passphrase-file-store';
import type { SecretStore } from './secret-store';

export type SecretStoreProvider = () => Promise<SecretStore>;

export async function chooseSecretStore(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretStore> {
  const forced = env.IUA_SECRET_STORE?.trim();
  const passphrase = env.IUA_PASSPHRASE;
  if (forced === 'session') return new MemorySecretStore();
  if (forced === 'file') {
    if (!passphrase) throw new AppError('validation', 'IUA_SECRET_STORE=file needs IUA_PASSPHRASE to be set.');
    return new PassphraseFileSecretStore(dataDir, passphrase);
  }
  if (forced && forced !== 'keychain') throw new AppError('validation', `IUA_SECRET_STORE must be keychain, file or session (got "${forced}").`);
  const keychain = await probeKeychain();
  if ('store' in keychain) return keychain.store;
  if (forced === 'keychain') throw new AppError('validation', `IUA_SECRET_STORE=keychain, but the OS keychain is not usable: ${keychain.reason}`);
  if (passphrase) return new PassphraseFileSecretStore(dataDir, passphrase);
  return new MemorySecretStore();
}

/** Memoises the choice so every call in a process uses the same store. */
export function secretStoreProvider(dataDir: string, given?: SecretStore): SecretStoreProvider {
  let pending: Promise<SecretStore> | null = given ? Promise.resolve(given) : null;
  return () => {
    if (!pending) {
      pending = chooseSecretStore(dataDir);
      // A failed choice (e.g. a misconfigured variable) is retried on the next call.
      pending.catch(() => {
        pending = null;
      });
    }
    return pending;
  };
}

export function secretStoreInfo(store: SecretStore): SecretStoreInfo {
  return { kind: store.kind, persistent: store.persistent, message: store.persistent ? null : SESSION_ONLY_MESSAGE };
}
