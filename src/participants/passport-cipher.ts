import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config/app-config';

/**
 * Passport numbers of participants (mostly minors) at rest.
 *
 * Stored value, one ASCII string for a varchar column:
 *
 *     v1.<keyId>.<iv>.<ciphertext>.<tag>
 *
 * - `v1`: format version, so a later scheme can be read side by side with this one.
 * - `keyId`: id of the configured key that sealed the value (`[A-Za-z0-9_-]{1,16}`, as
 *   ENCRYPTION_KEYS allows), so old values stay readable after the active key changes.
 * - `iv`: 12 random bytes, fresh for every value.
 * - `ciphertext`: AES-256-GCM of the normalized number.
 * - `tag`: the 16-byte GCM authentication tag.
 *
 * Binary parts are unpadded base64url, which never contains `.`. The participant id is the
 * GCM associated data: a value copied onto another participant's row fails to decrypt.
 */

/** The longest stored value (20-character number, 16-character key id), to size the column. */
export const ENCRYPTED_PASSPORT_MAX_LENGTH = 87;

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const STORED_FORMAT =
  /^v1\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

// Every configured key may also serve other features; a subkey per purpose keeps a value
// sealed for one purpose from opening as another, and the HMAC key independent of the AES key.
const ENCRYPTION_INFO = 'youth-bridge/participants/passport-number/aes-256-gcm';
const DUPLICATE_HASH_INFO = 'youth-bridge/participants/passport-number/duplicate-hmac-sha-256';

const PASSPORT_NUMBER = /^[A-Za-z0-9]{5,20}$/;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/gu;

export type PassportCipherErrorCode =
  | 'INVALID_PASSPORT_NUMBER'
  | 'MALFORMED_ENCRYPTED_VALUE'
  | 'UNKNOWN_ENCRYPTION_KEY'
  | 'DECRYPTION_FAILED';

/** Messages never contain the number itself: these errors end up in logs. */
export class PassportCipherError extends Error {
  constructor(
    readonly code: PassportCipherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PassportCipherError';
  }
}

/** What the key-rotation command writes back, in one update, for one participant. */
export interface RotatedPassport {
  encrypted: string;
  duplicateHash: string;
}

export function normalizePassportNumber(raw: string): string {
  // NFKC first: Chinese input methods produce full-width letters, digits, spaces and dashes.
  const compact = raw.normalize('NFKC').trim().replace(SEPARATORS, '');
  // Checked before upper-casing, because toUpperCase() turns some non-ASCII letters
  // (dotless ı, long ſ) into ASCII ones and would let them through.
  if (!PASSPORT_NUMBER.test(compact)) {
    throw new PassportCipherError(
      'INVALID_PASSPORT_NUMBER',
      'A passport number is 5 to 20 Latin letters or digits.',
    );
  }
  return compact.toUpperCase();
}

interface Subkeys {
  encryption: Buffer;
  duplicateHash: Buffer;
}

interface ParsedValue {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Seals, opens and hashes passport numbers with the configured keys: the first key seals,
 * every key opens.
 *
 * Duplicate hash design. The hash is an HMAC-SHA-256 whose key is derived from the same
 * configured key that seals the value, and the rotation command rewrites value and hash
 * together. A duplicate check looks for any of `duplicateHashCandidates()`, one hash per
 * configured key, so it finds rows written under the active key and rows not yet rotated.
 * Alternatives rejected:
 * - a hash key from the first key alone: every stored hash goes stale the moment a new key
 *   becomes active, and duplicates stop being found;
 * - a hash key from the last or a dedicated never-rotated key: passport numbers have so
 *   little entropy (a letter and eight digits) that whoever holds the hash key recovers
 *   every number from the hashes by trying them all, so that key is as sensitive as the
 *   encryption keys and must be retirable after a leak as well; ENCRYPTION_KEYS also has
 *   no slot for such a key.
 * The price: hashes under different keys differ, so uniqueness is a query for the
 * candidates, not a unique index on the hash column.
 *
 * Rotation: first append the new key to ENCRYPTION_KEYS on every process, then move it
 * to the front, run the rotation command until `needsReencryption` is false for every row,
 * and only then remove the old key. Appending first means no process checks duplicates
 * without the new key's candidate while another already writes under it.
 */
export class PassportCipher {
  readonly activeKeyId: string;
  private readonly subkeys: ReadonlyMap<string, Subkeys>;

  constructor(encryptionKeys: readonly EncryptionKey[]) {
    if (encryptionKeys.length === 0) throw new Error('At least one encryption key is required.');
    const subkeys = new Map<string, Subkeys>();
    for (const { id, key } of encryptionKeys) {
      if (!KEY_ID.test(id))
        throw new Error(`Encryption key id "${id}" is not [A-Za-z0-9_-]{1,16}.`);
      if (key.length !== KEY_BYTES) throw new Error(`Encryption key "${id}" is not 32 bytes.`);
      if (subkeys.has(id)) throw new Error(`Encryption key id "${id}" is configured twice.`);
      subkeys.set(id, {
        encryption: deriveSubkey(key, ENCRYPTION_INFO),
        duplicateHash: deriveSubkey(key, DUPLICATE_HASH_INFO),
      });
    }
    this.activeKeyId = encryptionKeys[0].id;
    this.subkeys = subkeys;
  }

  /** Normalizes, then seals under the active key for the participant `recordId`. */
  encrypt(passportNumber: string, recordId: string): string {
    const plain = normalizePassportNumber(passportNumber);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.subkeysOf(this.activeKeyId).encryption, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData(recordId));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKeyId, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string, recordId: string): string {
    const { keyId, iv, ciphertext, tag } = parse(stored);
    const decipher = createDecipheriv('aes-256-gcm', this.subkeysOf(keyId).encryption, iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(recordId));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PassportCipherError(
        'DECRYPTION_FAILED',
        'The encrypted passport number was altered or belongs to another record.',
      );
    }
  }

  needsReencryption(stored: string): boolean {
    return parse(stored).keyId !== this.activeKeyId;
  }

  /** The hash is recomputed with the value so both always come from the same key. */
  reencrypt(stored: string, recordId: string): RotatedPassport {
    const plain = this.decrypt(stored, recordId);
    return { encrypted: this.encrypt(plain, recordId), duplicateHash: this.duplicateHash(plain) };
  }

  /** Hex HMAC under the active key: the value to store beside the encrypted number. */
  duplicateHash(passportNumber: string): string {
    return hmac(this.subkeysOf(this.activeKeyId), normalizePassportNumber(passportNumber));
  }

  /** Hex HMACs under every configured key, active first: look for a row holding any of them. */
  duplicateHashCandidates(passportNumber: string): string[] {
    const plain = normalizePassportNumber(passportNumber);
    return [...this.subkeys.values()].map((subkeys) => hmac(subkeys, plain));
  }

  private subkeysOf(keyId: string): Subkeys {
    const subkeys = this.subkeys.get(keyId);
    if (!subkeys) {
      throw new PassportCipherError(
        'UNKNOWN_ENCRYPTION_KEY',
        `Encryption key "${keyId}" is not configured.`,
      );
    }
    return subkeys;
  }
}

function deriveSubkey(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, KEY_BYTES));
}

function hmac(subkeys: Subkeys, plain: string): string {
  return createHmac('sha256', subkeys.duplicateHash).update(plain, 'utf8').digest('hex');
}

function associatedData(recordId: string): Buffer {
  // Without a record id every value would be valid on every row.
  if (recordId === '') throw new Error('A passport number is sealed to a record id.');
  return Buffer.from(recordId, 'utf8');
}

function parse(stored: string): ParsedValue {
  const match = STORED_FORMAT.exec(stored);
  const [iv, ciphertext, tag] = match ? match.slice(2).map(decodeBase64Url) : [];
  if (!match || !iv || !ciphertext || !tag) {
    throw new PassportCipherError(
      'MALFORMED_ENCRYPTED_VALUE',
      `An encrypted passport number is not in the ${VERSION} format.`,
    );
  }
  return { keyId: match[1], iv, ciphertext, tag };
}

/**
 * Node's decoder ignores the spare bits of the last character, so several strings decode
 * to the same bytes; only the canonical one is accepted, keeping every change to a stored
 * value detectable.
 */
function decodeBase64Url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
