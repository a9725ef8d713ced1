import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { Tx } from '../database/transactions';
import { AccountState, UsersService } from '../users/users.service';
import { AuthSession, SessionKind } from './auth-session.entity';

/** Opens a session of either kind for an account whose credentials were just checked. */
export async function openSession(
  tx: Tx,
  users: UsersService,
  account: AccountState,
  kind: SessionKind,
): Promise<AuthSession> {
  // The user row first: the session's foreign key would otherwise share-lock it before
  // this update, and two simultaneous logins would deadlock on MySQL.
  await users.recordLogin(tx, account.id);
  const m = tx.manager;
  return m.save(
    m.create(AuthSession, {
      id: randomUUID(),
      userId: account.id,
      userEpoch: account.sessionEpoch,
      kind,
      lastSeenAt: kind === 'browser' ? new Date() : null,
      revokedAt: null,
      revokedReason: null,
    }),
  );
}

export async function revokeSession(tx: Tx, id: string, reason: string): Promise<void> {
  await tx.manager.update(
    AuthSession,
    { id, revokedAt: IsNull() },
    { revokedAt: new Date(), revokedReason: reason },
  );
}

export function callerOf(account: AccountState, sessionId: string): Omit<Caller, 'requestId'> {
  return {
    userId: account.id,
    role: account.role,
    organizationId: account.organizationId,
    preferredLanguage: account.preferredLanguage,
    sessionId,
  };
}
