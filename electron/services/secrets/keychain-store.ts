/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on
 * Linux) through @napi-rs/keyring: one entry per org alias holding the JSON of its secrets.
 * Headless machines often have no keychain: `probeKeychain` says so without throwing.
 */
import type { OrgSecrets, SecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'Integration User Auditor';

type KeyringModule = typeof import('@napi-rs/keyring');

async function loadKeyring(): Promise<KeyringModule | null> {
  try {
    return await import('@napi-rs/keyring');
  } catch {
    return null;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`keychain did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** A usable keychain store, or the reason there is none. */
export async function probeKeychain(service = KEYCHAIN_SERVICE): Promise<{ store: KeychainSecretStore } | { reason: string }> {
  const mod = await loadKeyring();
  if (!mod) return { reason: 'the keyring module is not available on this platform' };
  try {
    const probe = new mod.AsyncEntry(service, '__iua_probe__');
    await withTimeout(probe.setPassword('probe'), 3000);
    await withTimeout(probe.deletePassword(), 3000);
    return { store: new KeychainSecretStore(mod, service) };
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly persistent = true;

  constructor(
    private readonly mod: KeyringModule,
    private readonly service: string,
  ) {}

  private entry(alias: string) {
    return new this.mod.AsyncEntry(this.service, `org:${alias}`);
  }

  async get(alias: string): Promise<OrgSecrets | null> {
    const raw = await withTimeout(this.entry(alias).getPassword(), 10_000);
    return raw ? (JSON.parse(raw) as OrgSecrets) : null;
  }

  async set(alias: string, secrets: OrgSecrets): Promise<void> {
    // One entry per alias: the keychain replaces it as a whole.
    await withTimeout(this.entry(alias).setPassword(JSON.stringify(secrets)), 10_000);
  }

  async delete(alias: string): Promise<void> {
    await withTimeout(this.entry(alias).deletePassword(), 10_000);
  }
}
