/**
 * The one door secrets go through (access tokens, refresh tokens, client secrets, private
 * keys, passwords). Secrets never reach SQLite, logs, exports or the renderer: the database
 * keeps only the org alias, and the secret lives in a backend chosen per front door:
 * - CLI: the OS keychain where available, else a passphrase-encrypted file when
 *   IUA_PASSPHRASE is set, else session-only memory (with a message saying how to persist);
 * - desktop: Electron safeStorage (electron/secrets-safe-storage.ts).
 */

/** Everything we may hold for one org. All optional: each auth method uses a subset. */
export interface OrgSecrets {
  accessToken?: string;
  refreshToken?: string;
  clientSecret?: string;
  privateKeyPem?: string;
  password?: string;
  securityToken?: string;
}

export interface SecretStore {
  /** Short name for messages: 'keychain', 'passphrase-file', 'session', 'safeStorage'. */
  readonly kind: string;
  /** False for session-only stores: secrets are gone when the process exits. */
  readonly persistent: boolean;
  get(alias: string): Promise<OrgSecrets | null>;
  /** Replaces the whole entry atomically (a crash leaves the old or the new, never a mix). */
  set(alias: string, secrets: OrgSecrets): Promise<void>;
  delete(alias: string): Promise<void>;
}
