/**
 * The desktop SecretStore: secrets encrypted with Electron's safeStorage (the OS keychain,
 * DPAPI, or libsecret/kwallet on Linux) and kept in one file in the data directory, never in
 * SQLite. On Linux, safeStorage may fall back to `basic_text`, which "encrypts" with a
 * hard-coded key: there, secrets stay in memory for the session until the user, warned,
 * explicitly agrees to store them anyway; the answer is kept as a desktop setting.
 * Kept free of the `electron` import (safeStorage is passed in) so it is tested under Node.
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { OrgSecrets, SecretStore } from '../services/secrets/secret-store';
import { writeFileAtomic } from '../services/atomic-file';

export const SECRETS_FILE = 'secrets.safe-storage.json';

/** The parts of Electron's safeStorage we use; the async pair exists only in newer Electrons. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<string | { result: string }>;
}

export interface ConsentSetting {
  /** True once the user explicitly agreed to store secrets under a weak backend. */
  granted(): boolean;
  grant(): void;
}

export type ProtectionMode =
  /** A real OS-backed key: secrets are persisted. */
  | 'encrypted'
  /** Linux without a keyring: persisted only after explicit consent. */
  | 'weak'
  /** No encryption at all: session only. */
  | 'unavailable';

export interface SafeStorageSecretsOptions {
  safeStorage: SafeStorageLike;
  /** Absolute path of the encrypted secrets file (in the data directory). */
  file: string;
  consent: ConsentSetting;
  /** Shows the warning and resolves true only on an explicit "store anyway". */
  askConsent: () => Promise<boolean>;
  platform?: NodeJS.Platform;
  onError?: (message: string, err: unknown) => void;
}

const STRONG_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

const FileSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.string()),
});

const SecretsSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    clientSecret: z.string(),
    privateKeyPem: z.string(),
    password: z.string(),
    securityToken: z.string(),
  })
  .partial()
  .strict();

export function protectionMode(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): ProtectionMode {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
  if (platform !== 'linux') return 'encrypted';
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return STRONG_LINUX_BACKENDS.has(backend) ? 'encrypted' : 'weak';
}

export interface SafeStorageSecretStore extends SecretStore {
  readonly mode: ProtectionMode;
}

export function createSafeStorageSecretStore(options: SafeStorageSecretsOptions): SafeStorageSecretStore {
  const { safeStorage, file, consent, askConsent } = options;
  const platform = options.platform ?? process.platform;
  const onError = options.onError ?? (() => {});
  /** Secrets not (yet) allowed on disk. */
  const session = new Map<string, OrgSecrets>();
  let declinedThisSession = false;
  // One operation at a time: two concurrent set() calls must not lose each other's entry.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };

  const mode = () => protectionMode(safeStorage, platform);
  const mayPersist = () => {
    const m = mode();
    return m === 'encrypted' || (m === 'weak' && consent.granted());
  };

  async function encrypt(text: string): Promise<Buffer> {
    return safeStorage.encryptStringAsync ? safeStorage.encryptStringAsync(text) : safeStorage.encryptString(text);
  }
  async function decrypt(blob: Buffer): Promise<string> {
    if (!safeStorage.decryptStringAsync) return safeStorage.decryptString(blob);
    const r = await safeStorage.decryptStringAsync(blob);
    return typeof r === 'string' ? r : r.result;
  }

  function readEntries(): Map<string, string> {
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch {
      return new Map();
    }
    const parsed = FileSchema.safeParse(
      (() => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return null;
        }
      })(),
    );
    if (!parsed.success) {
      // Never overwrite a file we cannot read: the user may restore it; writes go elsewhere.
      throw new Error(`The secrets file ${file} is damaged; it was left untouched.`);
    }
    return new Map(Object.entries(parsed.data.entries));
  }

  function writeEntries(entries: Map<string, string>): void {
    if (entries.size === 0) {
      fs.rmSync(file, { force: true });
      return;
    }
    writeFileAtomic(file, JSON.stringify({ version: 1, entries: Object.fromEntries(entries) }, null, 2) + '\n');
  }

  async function persist(alias: string, secrets: OrgSecrets): Promise<void> {
    const entries = readEntries();
    entries.set(alias, (await encrypt(JSON.stringify(secrets))).toString('base64'));
    writeEntries(entries);
  }

  /** After consent, what was kept for the session goes to disk too. */
  async function flushSession(): Promise<void> {
    for (const [alias, secrets] of [...session]) {
      await persist(alias, secrets);
      session.delete(alias);
    }
  }

  return {
    kind: 'safeStorage',
    get persistent() {
      return mayPersist();
    },
    get mode() {
      return mode();
    },
    get(alias) {
      return serial(async () => {
        const kept = session.get(alias);
        if (kept) return { ...kept };
        if (mode() === 'unavailable') return null;
        const blob = readEntries().get(alias);
        if (blob === undefined) return null;
        try {
          return SecretsSchema.parse(JSON.parse(await decrypt(Buffer.from(blob, 'base64'))));
        } catch (err) {
          // A different OS user or a reset keychain: the org needs re-authentication, not a crash.
          onError(`could not decrypt the stored secrets for ${alias}`, err);
          return null;
        }
      });
    },
    set(alias, secrets) {
      return serial(async () => {
        const clean = SecretsSchema.parse(secrets);
        if (!mayPersist() && mode() === 'weak' && !declinedThisSession) {
          if (await askConsent()) {
            consent.grant();
            await flushSession();
          } else {
            declinedThisSession = true;
          }
        }
        if (mayPersist()) {
          await persist(alias, clean);
          session.delete(alias);
        } else {
          session.set(alias, { ...clean });
        }
      });
    },
    delete(alias) {
      return serial(async () => {
        session.delete(alias);
        const entries = readEntries();
        if (entries.delete(alias)) writeEntries(entries);
      });
    },
  };
}
