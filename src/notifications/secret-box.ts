import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config/app-config';

const INFO = 'youth-bridge/notifications/webhook-secret/aes-256-gcm';
const FORMAT =
  /^v1\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/;

/**
 * Webhook signing secrets at rest: AES-256-GCM under a subkey of the configured keys
 * (first seals, all open), `v1.<keyId>.<iv>.<ciphertext>.<tag>`, the endpoint id as
 * associated data. A secret must be readable to sign with it, so it cannot be hashed.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  readonly activeKeyId: string;

  constructor(keys: readonly EncryptionKey[]) {
    this.keys = new Map(
      keys.map(({ id, key }) => [id, Buffer.from(hkdfSync('sha256', key, '', INFO, 32))]),
    );
    this.activeKeyId = keys[0].id;
  }

  seal(plain: string, recordId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(recordId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', this.activeKeyId, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(stored: string, recordId: string): string {
    const match = FORMAT.exec(stored);
    const key = match && this.keys.get(match[1]);
    if (!match || !key) throw new Error('Sealed secret is malformed or under an unknown key.');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(match[2], 'base64url'));
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(Buffer.from(match[4], 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(match[3], 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
