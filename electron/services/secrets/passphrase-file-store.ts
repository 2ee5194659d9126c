/**
 * Secrets in one file in the data directory, encrypted with AES-256-GCM under a key derived
 * from IUA_PASSPHRASE with scrypt. Every write re-encrypts the whole map with a fresh IV and
 * replaces the file atomically (temp file, fsync, rename, fsync of the directory), so a crash
 * leaves the old or the new file, never a torn one. A wrong passphrase is refused and the
 * file is left as it was.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import type { OrgSecrets, SecretStore } from './secret-store';
import { writeFileAtomic } from '../atomic-file';

export const SECRETS_FILE = 'secrets.enc.json';

const KDF = { N: 1 << 15, r: 8, p: 1, keyLength: 32 } as const;
/** scrypt cost accepted from the file, as for snapshot files: a tampered header cannot demand gigabytes. */
const ACCEPTED_N = [1 << 15, 1 << 16, 1 << 17];

/** The envelope's shape, checked field by field: a tampered file is refused in words, never a TypeError. */
function isEnvelope(v: unknown): v is Envelope {
  const e = v as Partial<Envelope> | null;
  const b64 = (s: unknown) => typeof s === 'string' && s.length > 0 && s.length < 10_000_000 && /^[A-Za-z0-9+/=]*$/.test(s);
  return (
    !!e &&
    typeof e === 'object' &&
    e.format === 'iua-secrets' &&
    e.version === 1 &&
    e.cipher === 'aes-256-gcm' &&
    !!e.kdf &&
    typeof e.kdf === 'object' &&
    e.kdf.name === 'scrypt' &&
    ACCEPTED_N.includes(e.kdf.N) &&
    e.kdf.r === KDF.r &&
    e.kdf.p === KDF.p &&
    b64(e.kdf.salt) &&
    b64(e.iv) &&
    b64(e.tag) &&
    b64(e.data)
  );
}

interface Envelope {
  format: 'iua-secrets';
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

type SecretMap = Record<string, OrgSecrets>;

export class PassphraseFileSecretStore implements SecretStore {
  readonly kind = 'passphrase-file';
  readonly persistent = true;
  readonly file: string;
  private keyCache = new Map<string, Buffer>();
  /** Operations run one after another so two writes in this process never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly passphrase: string,
  ) {
    if (!passphrase) throw new AppError('validation', 'IUA_PASSPHRASE is empty.');
    this.file = path.join(dataDir, SECRETS_FILE);
  }

  get(alias: string): Promise<OrgSecrets | null> {
    return this.serial(async () => this.read()[alias] ?? null);
  }

  set(alias: string, secrets: OrgSecrets): Promise<void> {
    return this.serial(async () => {
      const all = this.read();
      all[alias] = { ...secrets };
      this.write(all);
    });
  }

  delete(alias: string): Promise<void> {
    return this.serial(async () => {
      const all = this.read();
      if (!(alias in all)) return;
      delete all[alias];
      this.write(all);
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private key(salt: Buffer, N: number, r: number, p: number): Buffer {
    const id = `${salt.toString('base64')}:${N}:${r}:${p}`;
    let key = this.keyCache.get(id);
    if (!key) {
      key = crypto.scryptSync(this.passphrase, salt, KDF.keyLength, { N, r, p, maxmem: 256 * N * r });
      this.keyCache.set(id, key);
    }
    return key;
  }

  private read(): SecretMap {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    let env: unknown;
    try {
      env = JSON.parse(text);
    } catch {
      env = null;
    }
    if (!isEnvelope(env)) {
      throw new AppError(
        'bad_file',
        `The secrets file ${this.file} is damaged or was altered (or written by another version): its format or key-derivation settings are not ones this app writes. It was left untouched; restore it from a backup, or move it aside and add the orgs again.`,
      );
    }
    const key = this.key(Buffer.from(env.kdf.salt, 'base64'), env.kdf.N, env.kdf.r, env.kdf.p);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(env.iv, 'base64'));
      decipher.setAAD(Buffer.from(aad(env)));
      decipher.setAuthTag(Buffer.from(env.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(env.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as SecretMap;
    } catch {
      throw new AppError('auth_required', `IUA_PASSPHRASE does not open the secrets file ${this.file} (wrong passphrase, or the file was altered). The file was left untouched.`);
    }
  }

  private write(all: SecretMap): void {
    const salt = this.currentSalt() ?? crypto.randomBytes(16);
    const kdf = { name: 'scrypt' as const, N: KDF.N, r: KDF.r, p: KDF.p, salt: salt.toString('base64') };
    const iv = crypto.randomBytes(12);
    const head: Omit<Envelope, 'tag' | 'data'> = { format: 'iua-secrets', version: 1, kdf, cipher: 'aes-256-gcm', iv: iv.toString('base64') };
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key(salt, kdf.N, kdf.r, kdf.p), iv);
    cipher.setAAD(Buffer.from(aad(head)));
    const data = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(all), 'utf8')), cipher.final()]);
    const env: Envelope = { ...head, tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    writeFileAtomic(this.file, JSON.stringify(env));
  }

  private currentSalt(): Buffer | null {
    try {
      const env = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Envelope;
      return Buffer.from(env.kdf.salt, 'base64');
    } catch {
      return null;
    }
  }
}

/** The header fields are authenticated too: changing the KDF parameters breaks decryption. */
function aad(env: Pick<Envelope, 'format' | 'version' | 'kdf' | 'cipher' | 'iv'>): string {
  return JSON.stringify([env.format, env.version, env.kdf.name, env.kdf.N, env.kdf.r, env.kdf.p, env.kdf.salt, env.cipher, env.iv]);
}
