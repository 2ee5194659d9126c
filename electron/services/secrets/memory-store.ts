/** Session-only secrets: gone when the process exits (the fallback when nothing persists). */
import type { OrgSecrets, SecretStore } from './secret-store';

export const SESSION_ONLY_MESSAGE =
  'Credentials are kept for this session only: no OS keychain is available here and IUA_PASSPHRASE is not set. ' +
  'To keep them, set IUA_PASSPHRASE (they are then stored encrypted in the data directory) and add the org again.';

export class MemorySecretStore implements SecretStore {
  readonly kind = 'session';
  readonly persistent = false;
  private readonly entries = new Map<string, string>();

  async get(alias: string): Promise<OrgSecrets | null> {
    const raw = this.entries.get(alias);
    return raw ? (JSON.parse(raw) as OrgSecrets) : null;
  }

  async set(alias: string, secrets: OrgSecrets): Promise<void> {
    // A copy, so a caller mutating its object later cannot change what is stored.
    this.entries.set(alias, JSON.stringify(secrets));
  }

  async delete(alias: string): Promise<void> {
    this.entries.delete(alias);
  }
}
