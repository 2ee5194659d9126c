/**
 * The `.iuasnap` container: a fixed 80-byte header, optional encryption parameters, then the
 * body (the gzip payload, or that payload sealed in authenticated chunks). docs/snapshot-files.md
 * describes every byte; this file is the single place the layout is encoded and decoded.
 */
import { AppError } from '../../../shared/contract';

export const MAGIC = Buffer.from([0x89, 0x49, 0x55, 0x41, 0x53, 0x4e, 0x41, 0x50]); // \x89IUASNAP
export const FORMAT_VERSION = 1;
export const FILE_EXTENSION = '.iuasnap';
export const FIXED_HEADER_BYTES = 80;
export const COMPRESSION_GZIP = 1;
export const ENCRYPTION_NONE = 0;
export const ENCRYPTION_SCRYPT_AES256GCM = 1;
export const PAYLOAD_HASH_OFFSET = 44;
export const CONTENT_HASH_OFFSET = 12;
export const ENCRYPTION_PARAMS_BYTES = 52;

/** Bounds that make a hostile file fail early instead of exhausting memory, disk or time. */
export interface ReadLimits {
  /** Total decompressed payload bytes. */
  maxPayloadBytes: number;
  /** Decompressed : compressed, checked once the output passes ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** The metadata line (SOQL of every object) and each record line. */
  maxMetaLineBytes: number;
  maxRecordLineBytes: number;
  /** Compressed bytes handed to the inflater at once: its output per step is at most ~1032× this. */
  inflateSliceBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxPayloadBytes: 3 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxMetaLineBytes: 4 * 1024 * 1024,
  maxRecordLineBytes: 1024 * 1024,
  inflateSliceBytes: 16 * 1024,
};

export interface EncryptionParams {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  nonce: Buffer;
  chunkSize: number;
  keyCheck: Buffer;
}

export interface FileHeader {
  version: number;
  compression: number;
  encryption: number;
  contentHash: string;
  payloadHash: string;
  params: EncryptionParams | null;
  /** The header bytes as written (params included): the AAD base of every sealed chunk. */
  raw: Buffer;
  /** Where the body starts. */
  bodyOffset: number;
}

export function badFile(file: string, why: string): AppError {
  return new AppError('bad_file', `${file} cannot be imported: ${why}. Nothing was stored.`);
}

export function encodeHeader(h: { encryption: number; contentHash: string; params: EncryptionParams | null }): Buffer {
  const paramBytes = h.params ? encodeParams(h.params) : Buffer.alloc(0);
  const b = Buffer.alloc(FIXED_HEADER_BYTES + paramBytes.length);
  MAGIC.copy(b, 0);
  b.writeUInt16BE(FORMAT_VERSION, 8);
  b.writeUInt8(COMPRESSION_GZIP, 10);
  b.writeUInt8(h.encryption, 11);
  Buffer.from(h.contentHash, 'hex').copy(b, CONTENT_HASH_OFFSET);
  // Payload hash (44..75) stays zero until the payload is written.
  b.writeUInt32BE(paramBytes.length, 76);
  paramBytes.copy(b, FIXED_HEADER_BYTES);
  return b;
}

function encodeParams(p: EncryptionParams): Buffer {
  const b = Buffer.alloc(ENCRYPTION_PARAMS_BYTES);
  b.writeUInt8(1, 0); // KDF: scrypt
  b.writeUInt8(p.logN, 1);
  b.writeUInt8(p.r, 2);
  b.writeUInt8(p.p, 3);
  p.salt.copy(b, 4);
  p.nonce.copy(b, 20);
  b.writeUInt32BE(p.chunkSize, 32);
  p.keyCheck.copy(b, 36);
  return b;
}

/** The header bytes with the payload hash zeroed: what sealed chunks authenticate. */
export function aadBase(raw: Buffer): Buffer {
  const b = Buffer.from(raw);
  b.fill(0, PAYLOAD_HASH_OFFSET, PAYLOAD_HASH_OFFSET + 32);
  return b;
}

/**
 * Decodes the first bytes of a file. `head` must hold at least FIXED_HEADER_BYTES +
 * ENCRYPTION_PARAMS_BYTES bytes or the whole file if shorter.
 */
export function decodeHeader(file: string, head: Buffer): FileHeader {
  if (head.length < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw badFile(file, 'it is not an Integration User Auditor snapshot file (unknown magic bytes)');
  if (head.length < FIXED_HEADER_BYTES) throw badFile(file, 'the file is truncated (header incomplete)');
  const version = head.readUInt16BE(8);
  if (version > FORMAT_VERSION) throw badFile(file, `its format version ${version} is newer than this app supports (${FORMAT_VERSION}); update Integration User Auditor`);
  if (version !== FORMAT_VERSION) throw badFile(file, `unknown format version ${version}`);
  const compression = head.readUInt8(10);
  if (compression !== COMPRESSION_GZIP) throw badFile(file, `unknown compression method ${compression}`);
  const encryption = head.readUInt8(11);
  const paramLength = head.readUInt32BE(76);
  let params: EncryptionParams | null = null;
  if (encryption === ENCRYPTION_NONE) {
    if (paramLength !== 0) throw badFile(file, 'the header is damaged (parameters on an unencrypted file)');
  } else if (encryption === ENCRYPTION_SCRYPT_AES256GCM) {
    if (paramLength !== ENCRYPTION_PARAMS_BYTES) throw badFile(file, `the header is damaged (encryption parameters of ${paramLength} bytes)`);
    if (head.length < FIXED_HEADER_BYTES + paramLength) throw badFile(file, 'the file is truncated (header incomplete)');
    params = decodeParams(file, head.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + paramLength));
  } else {
    throw badFile(file, `unknown encryption method ${encryption}`);
  }
  const bodyOffset = FIXED_HEADER_BYTES + paramLength;
  return {
    version,
    compression,
    encryption,
    contentHash: head.subarray(CONTENT_HASH_OFFSET, CONTENT_HASH_OFFSET + 32).toString('hex'),
    payloadHash: head.subarray(PAYLOAD_HASH_OFFSET, PAYLOAD_HASH_OFFSET + 32).toString('hex'),
    params,
    raw: Buffer.from(head.subarray(0, bodyOffset)),
    bodyOffset,
  };
}

/** scrypt cost accepted from a file: low enough that a hostile header cannot demand gigabytes. */
export const SCRYPT_LOG_N = { write: 15, min: 15, max: 17 } as const;
export const CHUNK_SIZE = { write: 64 * 1024, min: 1024, max: 1024 * 1024 } as const;

function decodeParams(file: string, b: Buffer): EncryptionParams {
  const kdf = b.readUInt8(0);
  if (kdf !== 1) throw badFile(file, `unknown key derivation ${kdf}`);
  const logN = b.readUInt8(1);
  const r = b.readUInt8(2);
  const p = b.readUInt8(3);
  if (logN < SCRYPT_LOG_N.min || logN > SCRYPT_LOG_N.max || r !== 8 || p !== 1) throw badFile(file, `unsupported scrypt parameters (N=2^${logN}, r=${r}, p=${p})`);
  const chunkSize = b.readUInt32BE(32);
  if (chunkSize < CHUNK_SIZE.min || chunkSize > CHUNK_SIZE.max) throw badFile(file, `unsupported encryption chunk size ${chunkSize}`);
  return { logN, r, p, salt: Buffer.from(b.subarray(4, 20)), nonce: Buffer.from(b.subarray(20, 32)), chunkSize, keyCheck: Buffer.from(b.subarray(36, 52)) };
}
