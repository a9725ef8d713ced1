import { randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config/app-config';
import {
  ENCRYPTED_PASSPORT_MAX_LENGTH,
  normalizePassportNumber,
  PassportCipher,
  PassportCipherError,
} from './passport-cipher';
import { maskPassportNumber } from './passport-rules';

const k1: EncryptionKey = { id: 'k1', key: randomBytes(32) };
const k2: EncryptionKey = { id: 'k2', key: randomBytes(32) };
const RECORD = '5b1f0c5e-2d7a-4c1e-9a53-6f0e2b7d9c41';
const OTHER_RECORD = '0e9d2c1b-7a6f-4e5d-8c3b-2a1f0e9d8c7b';
const STORED_FORMAT =
  /^v1\.[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

const NUMBERS = ['E12345678', '4512123456', 'AB123', 'P0123456789ABCDEFGHJ'];

/** The error code `action` throws, or undefined when it returns. */
function errorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof PassportCipherError) return error.code;
    throw error;
  }
  return undefined;
}

/** Replaces one dot-separated part of a stored value. */
function withPart(stored: string, index: number, replace: (part: string) => string): string {
  const parts = stored.split('.');
  parts[index] = replace(parts[index]);
  return parts.join('.');
}

/** Flips one bit of a base64url part while keeping it canonical, so only the bytes change. */
function flipFirstBit(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] ^= 0x01;
  return bytes.toString('base64url');
}

/**
 * A 16-byte tag takes 22 base64url characters with 4 spare bits in the last one; setting
 * one gives another string that Node decodes to the same bytes.
 */
function setSpareBit(tag: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const changed = tag.slice(0, -1) + alphabet[alphabet.indexOf(tag.slice(-1)) + 1];
  expect(Buffer.from(changed, 'base64url')).toEqual(Buffer.from(tag, 'base64url'));
  return changed;
}

describe('normalizePassportNumber', () => {
  it.each([
    ['E12345678', 'E12345678'],
    ['  e12345678 ', 'E12345678'],
    ['e12 345-678', 'E12345678'],
    ['45 12-123456', '4512123456'],
    ['ab123', 'AB123'],
    ['Ｅ１２３４５６７８', 'E12345678'],
    ['E12\u3000345\u2013678', 'E12345678'],
    ['e\t1234\u00a05678', 'E12345678'],
    ['p0123456789abcdefghj', 'P0123456789ABCDEFGHJ'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizePassportNumber(raw)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['only separators', ' - - '],
    ['four characters', 'AB12'],
    ['21 characters', 'P0123456789ABCDEFGHJK'],
    ['punctuation', 'E1234.5678'],
    ['Cyrillic letters', 'АВ1234567'],
    ['Chinese characters', '护照12345678'],
    ['dotless i that upper-cases to I', 'E1234567ı'],
    ['underscore', 'E1234_5678'],
  ])('rejects %s', (_label, raw) => {
    expect(errorCode(() => normalizePassportNumber(raw))).toBe('INVALID_PASSPORT_NUMBER');
  });

  it('does not echo the input in the error message', () => {
    const raw = 'E1234.5678';
    expect(() => normalizePassportNumber(raw)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('1234') }),
    );
  });
});

describe('maskPassportNumber', () => {
  it.each([
    ['E12345678', 'E1*****78'],
    ['4512123456', '45******56'],
    ['P0123456789ABCDEFGHJ', 'P0****************HJ'],
    ['AB123456', 'AB****56'],
    ['AB12345', 'A*****5'],
    ['AB1234', 'A****4'],
    ['AB123', 'A***3'],
    ['AB12', 'A**2'],
    ['AB1', '***'],
    ['A', '*'],
    ['', ''],
  ])('%j → %s', (plain, masked) => {
    expect(maskPassportNumber(plain)).toBe(masked);
    expect(masked).toHaveLength(plain.length);
    const hidden = [...masked].filter((character) => character === '*').length;
    expect(hidden * 2).toBeGreaterThanOrEqual(plain.length);
  });
});

describe('PassportCipher', () => {
  const cipher = new PassportCipher([k1]);

  describe('encrypt and decrypt', () => {
    it.each(NUMBERS)('round-trips %s', (plain) => {
      expect(cipher.decrypt(cipher.encrypt(plain, RECORD), RECORD)).toBe(plain);
    });

    it('stores the normalized number', () => {
      expect(cipher.decrypt(cipher.encrypt(' e12-345 678 ', RECORD), RECORD)).toBe('E12345678');
    });

    it.each(NUMBERS)('stores %s as a versioned ASCII string without the number', (plain) => {
      const stored = cipher.encrypt(plain, RECORD);
      expect(stored).toMatch(STORED_FORMAT);
      expect(stored.startsWith('v1.k1.')).toBe(true);
      expect(stored).not.toContain(plain);
      expect(stored.toLowerCase()).not.toContain(plain.toLowerCase());
    });

    it('fits the longest number under the longest key id in the documented length', () => {
      const longest = new PassportCipher([{ id: 'k'.repeat(16), key: randomBytes(32) }]);
      expect(longest.encrypt('P0123456789ABCDEFGHJ', RECORD)).toHaveLength(
        ENCRYPTED_PASSPORT_MAX_LENGTH,
      );
    });

    it('uses a fresh IV for every value', () => {
      const values = Array.from({ length: 20 }, () => cipher.encrypt('E12345678', RECORD));
      expect(new Set(values.map((value) => value.split('.')[2])).size).toBe(values.length);
      expect(new Set(values).size).toBe(values.length);
    });

    it('refuses invalid numbers before encrypting', () => {
      expect(errorCode(() => cipher.encrypt('E1', RECORD))).toBe('INVALID_PASSPORT_NUMBER');
    });

    it.each([
      ['encrypt', () => cipher.encrypt('E12345678', '')],
      ['decrypt', () => cipher.decrypt(cipher.encrypt('E12345678', RECORD), '')],
    ])('%s refuses an empty record id', (_label, action) => {
      expect(action).toThrow('record id');
    });
  });

  describe('rejects a value that was moved or altered', () => {
    const stored = cipher.encrypt('E12345678', RECORD);

    it.each([
      ['another record', OTHER_RECORD],
      ['a record id differing in case', RECORD.toUpperCase()],
      ['a record id with a suffix', `${RECORD}0`],
    ])('decrypting for %s fails', (_label, recordId) => {
      expect(errorCode(() => cipher.decrypt(stored, recordId))).toBe('DECRYPTION_FAILED');
    });

    it.each([
      ['iv', 2],
      ['ciphertext', 3],
      ['tag', 4],
    ])('a flipped bit in the %s fails', (_label, index) => {
      const tampered = withPart(stored, index, flipFirstBit);
      expect(tampered).not.toBe(stored);
      expect(errorCode(() => cipher.decrypt(tampered, RECORD))).toBe('DECRYPTION_FAILED');
    });

    it('a value relabelled with another configured key fails', () => {
      const both = new PassportCipher([k1, k2]);
      const relabelled = withPart(stored, 1, () => 'k2');
      expect(errorCode(() => both.decrypt(relabelled, RECORD))).toBe('DECRYPTION_FAILED');
    });

    it.each([
      ['empty', () => ''],
      ['plain text', () => 'E12345678'],
      ['another version', () => withPart(stored, 0, () => 'v2')],
      ['a missing part', () => stored.split('.').slice(0, 4).join('.')],
      ['an extra part', () => `${stored}.AAAA`],
      ['padding', () => withPart(stored, 3, (part) => `${part}=`)],
      ['standard base64', () => withPart(stored, 3, () => 'ab+/cd')],
      ['a short iv', () => withPart(stored, 2, (part) => part.slice(0, 12))],
      ['a short tag', () => withPart(stored, 4, (part) => part.slice(0, 16))],
      ['an empty ciphertext', () => withPart(stored, 3, () => '')],
      ['a key id with a dot', () => stored.replace('.k1.', '.k.1.')],
      ['a non-canonical tag encoding of the same bytes', () => withPart(stored, 4, setSpareBit)],
    ])('%s is malformed', (_label, build) => {
      expect(errorCode(() => cipher.decrypt(build(), RECORD))).toBe('MALFORMED_ENCRYPTED_VALUE');
    });

    it('an unknown key id fails with its own code and names the key', () => {
      const unknown = withPart(stored, 1, () => 'k9');
      expect(errorCode(() => cipher.decrypt(unknown, RECORD))).toBe('UNKNOWN_ENCRYPTION_KEY');
      expect(() => cipher.decrypt(unknown, RECORD)).toThrow('"k9"');
    });
  });

  describe('key rotation', () => {
    const before = new PassportCipher([k1]);
    const during = new PassportCipher([k2, k1]);
    const after = new PassportCipher([k2]);
    const stored = before.encrypt('E12345678', RECORD);

    it('decrypts values under a key that is no longer active', () => {
      expect(during.decrypt(stored, RECORD)).toBe('E12345678');
    });

    it.each([
      ['a k1 value under [k1]', false, before, () => stored],
      ['a k1 value under [k2, k1]', true, during, () => stored],
      ['a k2 value under [k2, k1]', false, during, () => during.encrypt('E12345678', RECORD)],
      ['a k1 value under [k1, k2]', false, new PassportCipher([k1, k2]), () => stored],
    ])('needsReencryption for %s is %s', (_label, expected, configured, build) => {
      expect(configured.needsReencryption(build())).toBe(expected);
    });

    it('reencrypts under the active key, still sealed to the same record', () => {
      const rotated = during.reencrypt(stored, RECORD);
      expect(rotated.encrypted.startsWith('v1.k2.')).toBe(true);
      expect(during.needsReencryption(rotated.encrypted)).toBe(false);
      expect(after.decrypt(rotated.encrypted, RECORD)).toBe('E12345678');
      expect(errorCode(() => after.decrypt(rotated.encrypted, OTHER_RECORD))).toBe(
        'DECRYPTION_FAILED',
      );
    });

    it('cannot reencrypt a value sealed to another record', () => {
      expect(errorCode(() => during.reencrypt(stored, OTHER_RECORD))).toBe('DECRYPTION_FAILED');
    });

    it('cannot read old values once their key is removed', () => {
      expect(errorCode(() => after.decrypt(stored, RECORD))).toBe('UNKNOWN_ENCRYPTION_KEY');
    });
  });

  describe('duplicate hash', () => {
    const before = new PassportCipher([k1]);
    const during = new PassportCipher([k2, k1]);
    const after = new PassportCipher([k2]);

    it.each(NUMBERS)('is 64 hex characters for %s', (plain) => {
      expect(before.duplicateHash(plain)).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ['E12345678', 'e12 345-678'],
      ['E12345678', ' E12345678 '],
      ['4512123456', '４５１２１２３４５６'],
    ])('is equal for %j and %j', (left, right) => {
      expect(before.duplicateHash(left)).toBe(before.duplicateHash(right));
    });

    it.each([
      ['E12345678', 'E12345679'],
      ['E12345678', 'G12345678'],
      ['AB123', 'AB1234'],
    ])('differs for %s and %s', (left, right) => {
      expect(before.duplicateHash(left)).not.toBe(before.duplicateHash(right));
    });

    it('is keyed: another key gives another hash', () => {
      expect(after.duplicateHash('E12345678')).not.toBe(before.duplicateHash('E12345678'));
    });

    it('depends only on the key, not on where the key stands in the list', () => {
      expect(new PassportCipher([k1, k2]).duplicateHash('E12345678')).toBe(
        before.duplicateHash('E12345678'),
      );
    });

    it('lists one candidate per configured key, active first', () => {
      expect(during.duplicateHashCandidates('E12345678')).toEqual([
        after.duplicateHash('E12345678'),
        before.duplicateHash('E12345678'),
      ]);
    });

    it('finds a row stored before rotation, one rotated, and one written during rotation', () => {
      const storedBefore = before.duplicateHash('E12345678');
      const rotated = during.reencrypt(before.encrypt('E12345678', RECORD), RECORD).duplicateHash;
      const writtenDuring = during.duplicateHash('e12 345 678');
      const candidates = during.duplicateHashCandidates('E12345678');
      expect(candidates).toEqual(expect.arrayContaining([storedBefore, rotated, writtenDuring]));
      expect(after.duplicateHashCandidates('E12345678')).toEqual([rotated]);
    });

    it('does not find a different number during rotation', () => {
      const stored = [before.duplicateHash('E12345678'), during.duplicateHash('E12345678')];
      for (const candidate of during.duplicateHashCandidates('E12345679')) {
        expect(stored).not.toContain(candidate);
      }
    });
  });

  describe('configuration', () => {
    it.each([
      ['no keys', []],
      ['a short key', [{ id: 'k1', key: randomBytes(16) }]],
      ['a key id with a dot', [{ id: 'k.1', key: randomBytes(32) }]],
      ['an empty key id', [{ id: '', key: randomBytes(32) }]],
      ['a duplicate key id', [k1, { id: 'k1', key: randomBytes(32) }]],
    ])('refuses %s', (_label, keys) => {
      expect(() => new PassportCipher(keys)).toThrow();
    });
  });
});
