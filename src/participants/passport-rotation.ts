import { Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Transactions } from '../database/transactions';
import { PassportCipher } from './passport-cipher';

/** A table holding passport numbers sealed to the row's id. */
interface SealedPassport {
  id: string;
  passportEncrypted: string | null;
  passportHash?: string | null;
}

/**
 * Key rotation for one table: re-encrypts up to `limit` passport numbers not under the
 * active key, each row in its own short transaction and only if it is unchanged since
 * read; `withHash` also rewrites the duplicate hash under the new key where the row holds
 * one (a number in conflict with another school's has none: the holder keeps it). Returns how many
 * were done, so the caller repeats until 0; safe to interrupt and run again.
 */
export async function reencryptStale<T extends SealedPassport>(
  repository: Repository<T>,
  cipher: PassportCipher,
  transactions: Transactions,
  options: { limit: number; withHash: boolean },
): Promise<number> {
  const rows = await repository
    .createQueryBuilder('row')
    .select(['row.id', 'row.passportEncrypted', ...(options.withHash ? ['row.passportHash'] : [])])
    .where('row.passportEncrypted IS NOT NULL')
    .andWhere('row.passportEncrypted NOT LIKE :active', {
      active: `v1.${cipher.activeKeyId}.%`,
    })
    .limit(options.limit)
    .getMany();
  for (const row of rows) {
    const stored = row.passportEncrypted!;
    const rotated = cipher.reencrypt(stored, row.id);
    const changes = {
      passportEncrypted: rotated.encrypted,
      ...(options.withHash && row.passportHash ? { passportHash: rotated.duplicateHash } : {}),
    };
    await transactions.run(null, (tx) =>
      tx.manager.update(
        repository.target,
        { id: row.id, passportEncrypted: stored },
        changes as QueryDeepPartialEntity<T>,
      ),
    );
  }
  return rows.length;
}
