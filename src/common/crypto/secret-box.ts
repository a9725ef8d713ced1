import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../../config/app-config';

const FORMAT =
  /^v1\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Values that must be readable again (so they cannot be hashed) at rest: AES-256-GCM under
 * a subkey of the configured keys per purpose (the first key seals, all open), with the
 * record's identity as associated data, so a value copied to another record fails to open.
 *
 * As text, `v1.<keyId>.<iv>.<ciphertext>.<tag>` in base64url; as bytes (large values),
 * `<keyId length><keyId><iv><tag><ciphertext>`.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  readonly activeKeyId: string;

  /** `purpose` names what is sealed: a subkey of its own, so no purpose opens another's values. */
  constructor(keys: readonly EncryptionKey[], purpose: string) {
    this.keys = new Map(
      keys.map(({ id, key }) => [id, Buffer.from(hkdfSync('sha256', key, '', purpose, 32))]),
    );
    this.activeKeyId = keys[0].id;
  }

  seal(plain: string, recordId: string): string {
    const { iv, ciphertext, tag } = this.encrypt(Buffer.from(plain, 'utf8'), recordId);
    return ['v1', this.activeKeyId, iv, ciphertext, tag]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(stored: string, recordId: string): string {
    const match = FORMAT.exec(stored);
    if (!match) throw new Error('Sealed value is malformed.');
    return this.decrypt(
      match[1],
      Buffer.from(match[2], 'base64url'),
      Buffer.from(match[4], 'base64url'),
      Buffer.from(match[3], 'base64url'),
      recordId,
    ).toString('utf8');
  }

  sealBytes(plain: Buffer, recordId: string): Buffer {
    const { iv, ciphertext, tag } = this.encrypt(plain, recordId);
    const keyId = Buffer.from(this.activeKeyId, 'ascii');
    return Buffer.concat([Buffer.from([keyId.length]), keyId, iv, tag, ciphertext]);
  }

  openBytes(stored: Buffer, recordId: string): Buffer {
    const keyIdEnd = 1 + (stored[0] ?? 0);
    if (stored.length < keyIdEnd + IV_BYTES + TAG_BYTES)
      throw new Error('Sealed value is malformed.');
    const ivEnd = keyIdEnd + IV_BYTES;
    return this.decrypt(
      stored.subarray(1, keyIdEnd).toString('ascii'),
      stored.subarray(keyIdEnd, ivEnd),
      stored.subarray(ivEnd, ivEnd + TAG_BYTES),
      stored.subarray(ivEnd + TAG_BYTES),
      recordId,
    );
  }

  private encrypt(plain: Buffer, recordId: string) {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(recordId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { iv, ciphertext, tag: cipher.getAuthTag() };
  }

  private decrypt(keyId: string, iv: Buffer, tag: Buffer, ciphertext: Buffer, recordId: string) {
    const key = this.keys.get(keyId);
    if (!key) throw new Error('Sealed value is under an unknown key.');
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
}
