/**
 * Passphrase encryption of a snapshot file: scrypt derives the key, AES-256-GCM seals the
 * payload in fixed-size chunks so neither side ever holds the whole file. Each chunk has its
 * own nonce (the file's random nonce XOR the chunk index) and its own tag; the header and a
 * final-chunk flag are authenticated with every chunk, so chunks cannot be reordered,
 * dropped, appended or moved between files, and a chunk's plaintext is released only after
 * its tag verified.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract';
import { CHUNK_SIZE, SCRYPT_LOG_N, badFile, type EncryptionParams } from './format';

const TAG_BYTES = 16;
const KEY_BYTES = 32;
const CHECK_BYTES = 16;

function scryptOptions(logN: number) {
  const N = 2 ** logN;
  return { N, r: 8, p: 1, maxmem: 256 * N * 8 + 1024 * 1024 };
}

function passphraseBytes(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

export interface DerivedKey {
  key: Buffer;
  check: Buffer;
}

async function derive(passphrase: string, salt: Buffer, logN: number): Promise<DerivedKey> {
  const out = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(passphraseBytes(passphrase), salt, KEY_BYTES + CHECK_BYTES, scryptOptions(logN), (err, key) => (err ? reject(err) : resolve(key))),
  );
  return { key: out.subarray(0, KEY_BYTES), check: out.subarray(KEY_BYTES) };
}

/** Fresh parameters and key for a new file. */
export async function newEncryption(passphrase: string): Promise<{ params: EncryptionParams; key: Buffer }> {
  if (passphrase.length === 0) throw new AppError('validation', 'The passphrase is empty.', [{ path: 'passphrase', message: 'required' }]);
  const salt = crypto.randomBytes(16);
  const d = await derive(passphrase, salt, SCRYPT_LOG_N.write);
  return { params: { logN: SCRYPT_LOG_N.write, r: 8, p: 1, salt, nonce: crypto.randomBytes(12), chunkSize: CHUNK_SIZE.write, keyCheck: d.check }, key: d.key };
}

export function passphraseRequired(): AppError {
  return new AppError('validation', 'This snapshot file is encrypted: enter its passphrase.', [{ path: 'passphrase', message: 'required' }]);
}

/** The key for an existing file; a wrong passphrase is refused before any byte is decrypted. */
export async function keyFor(params: EncryptionParams, passphrase: string | undefined): Promise<Buffer> {
  if (!passphrase) throw passphraseRequired();
  const d = await derive(passphrase, params.salt, params.logN);
  if (!crypto.timingSafeEqual(d.check, params.keyCheck)) {
    throw new AppError('validation', 'Wrong passphrase for this snapshot file. Nothing was stored.', [{ path: 'passphrase', message: 'wrong passphrase' }]);
  }
  return d.key;
}

function chunkNonce(base: Buffer, index: number): Buffer {
  const n = Buffer.from(base);
  const counter = n.readBigUInt64BE(4) ^ BigInt(index);
  n.writeBigUInt64BE(counter, 4);
  return n;
}

function aad(base: Buffer, final: boolean): Buffer {
  return Buffer.concat([base, Buffer.from([final ? 1 : 0])]);
}

/** Seals plaintext pushed in any sizes into chunkSize chunks; `end()` seals the final one. */
export class ChunkSealer {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private index = 0;

  constructor(
    private readonly key: Buffer,
    private readonly params: EncryptionParams,
    private readonly aadBase: Buffer,
    private readonly out: (sealed: Buffer) => void,
  ) {}

  push(data: Uint8Array): void {
    this.buffered.push(Buffer.from(data));
    this.bufferedBytes += data.length;
    // Strictly more than a chunk: the last chunk must be known to be last when sealed.
    while (this.bufferedBytes > this.params.chunkSize) {
      const all = Buffer.concat(this.buffered);
      this.out(this.seal(all.subarray(0, this.params.chunkSize), false));
      const rest = all.subarray(this.params.chunkSize);
      this.buffered = [rest];
      this.bufferedBytes = rest.length;
    }
  }

  end(): void {
    this.out(this.seal(Buffer.concat(this.buffered), true));
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  private seal(plain: Buffer, final: boolean): Buffer {
    const c = crypto.createCipheriv('aes-256-gcm', this.key, chunkNonce(this.params.nonce, this.index++));
    c.setAAD(aad(this.aadBase, final));
    return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  }
}

/**
 * Opens sealed chunks as they arrive. A chunk is final only when nothing follows it, so the
 * last chunkSize+16 bytes are held back until `end()`; plaintext reaches `out` only after the
 * chunk's tag has verified.
 */
export class ChunkOpener {
  private pending: Buffer = Buffer.alloc(0);
  private index = 0;
  private readonly sealedSize: number;

  constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private readonly params: EncryptionParams,
    private readonly aadBase: Buffer,
    private readonly out: (plain: Buffer) => void,
  ) {
    this.sealedSize = params.chunkSize + TAG_BYTES;
  }

  push(data: Uint8Array): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : Buffer.from(data);
    let offset = 0;
    while (this.pending.length - offset > this.sealedSize) {
      this.out(this.open(this.pending.subarray(offset, offset + this.sealedSize), false));
      offset += this.sealedSize;
    }
    if (offset > 0) this.pending = Buffer.from(this.pending.subarray(offset));
  }

  end(): void {
    if (this.pending.length < TAG_BYTES) throw badFile(this.file, 'the encrypted data is truncated');
    this.out(this.open(this.pending, true));
    this.pending = Buffer.alloc(0);
  }

  private open(sealed: Buffer, final: boolean): Buffer {
    const d = crypto.createDecipheriv('aes-256-gcm', this.key, chunkNonce(this.params.nonce, this.index));
    d.setAAD(aad(this.aadBase, final));
    d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = d.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      d.final();
    } catch {
      throw badFile(this.file, `encrypted chunk ${this.index} failed authentication (the file is truncated, corrupted or was altered)`);
    }
    this.index++;
    return plain;
  }
}
