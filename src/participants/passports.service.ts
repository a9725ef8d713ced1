import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { PassportCipher } from './passport-cipher';
import { reencryptStale } from './passport-rotation';

/**
 * Passport sealing for the features that keep their own copies of numbers (the roster's
 * locked snapshots): the same keys, format and rotation as participants', without handing
 * out the cipher.
 */
@Injectable()
export class PassportsService {
  constructor(
    private readonly cipher: PassportCipher,
    private readonly transactions: Transactions,
  ) {}

  /** Sealed to `recordId`: the value opens only on that record. */
  seal(passportNumber: string, recordId: string): string {
    return this.cipher.encrypt(passportNumber, recordId);
  }

  open(stored: string, recordId: string): string {
    return this.cipher.decrypt(stored, recordId);
  }

  /** One batch of a rotation over a table of the caller's (see passport-rotation.ts). */
  reencryptStale<T extends { id: string; passportEncrypted: string | null }>(
    repository: Repository<T>,
    limit: number,
  ): Promise<number> {
    return reencryptStale(repository, this.cipher, this.transactions, { limit, withHash: false });
  }
}
