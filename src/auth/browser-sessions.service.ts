import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { AccountState, UsersService } from '../users/users.service';
import { AuthSession } from './auth-session.entity';
import { Credentials } from './credentials';
import { LoginDto } from './dto/auth.dto';
import { ChangePasswordDto } from './dto/password.dto';
import { callerOf, openSession, revokeSession } from './session-rows';

/** How stale `lastSeenAt` may be before a request writes it again: one write a minute at most. */
const TOUCH_EVERY_MS = 60_000;

export type SessionCaller = Omit<Caller, 'requestId'>;

/**
 * Sessions of signed-in browsers (the portal). A row like an API session, with the same
 * credential check and throttle, ended by logout, by disabling the account, by a new
 * password or role (the account's session epoch), after PORTAL_IDLE_MINUTES without a
 * request, and PORTAL_SESSION_HOURS after it began. The browser holds only its id, in an
 * encrypted cookie.
 */
@Injectable()
export class BrowserSessions {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly credentials: Credentials,
    private readonly transactions: Transactions,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
  ) {}

  async open(input: LoginDto, ip: string): Promise<SessionCaller> {
    const account = await this.credentials.verify(input.email, input.password, ip);
    return this.start(account);
  }

  /** The caller a session id stands for, or undefined when it has ended. */
  async resume(sessionId: string, now = new Date()): Promise<SessionCaller | undefined> {
    const session = await this.sessions.findOne({
      where: { id: sessionId },
      select: {
        id: true,
        userId: true,
        userEpoch: true,
        kind: true,
        revokedAt: true,
        createdAt: true,
        lastSeenAt: true,
      },
    });
    if (!session || session.kind !== 'browser' || session.revokedAt) return undefined;
    const account = await this.users.findAccount(this.transactions.read(null), session.userId);
    if (!account || account.disabled || account.sessionEpoch !== session.userEpoch) {
      return undefined;
    }
    const { idleMs, lifetimeMs } = this.config.portalSession;
    const lastSeen = (session.lastSeenAt ?? session.createdAt).getTime();
    if (now.getTime() - session.createdAt.getTime() >= lifetimeMs) {
      await this.end(session.id, 'expired');
      return undefined;
    }
    if (now.getTime() - lastSeen >= idleMs) {
      await this.end(session.id, 'idle');
      return undefined;
    }
    if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: now });
    }
    return callerOf(account, session.id);
  }

  async end(sessionId: string, reason = 'logout'): Promise<void> {
    await this.transactions.run(null, (tx) => revokeSession(tx, sessionId, reason));
  }

  /**
   * A new password for the signed-in user, after checking the current one (throttled as a
   * login). Every session of the account ends; this browser gets a new one, returned.
   */
  async changePassword(
    caller: SessionCaller,
    input: ChangePasswordDto,
    ip: string,
  ): Promise<SessionCaller> {
    await this.credentials.changePassword(caller.userId, input, ip);
    const account = await this.users.findAccount(this.transactions.read(null), caller.userId);
    if (!account) throw new Error('The account vanished during its password change.');
    return this.start(account);
  }

  private async start(account: AccountState): Promise<SessionCaller> {
    const session = await this.transactions.run(null, (tx) =>
      openSession(tx, this.users, account, 'browser'),
    );
    return callerOf(account, session.id);
  }
}
