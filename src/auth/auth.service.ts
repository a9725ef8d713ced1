import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { unauthorized } from '../common/errors/app-error';
import { Transactions, Tx } from '../database/transactions';
import { UsersService } from '../users/users.service';
import { AuthSession } from './auth-session.entity';
import { LoginDto, LoginResponseDto, TokensDto } from './dto/auth.dto';
import { ChangePasswordDto } from './dto/password.dto';
import { Credentials } from './credentials';
import { callerOf, openSession, revokeSession } from './session-rows';
import { RefreshToken } from './refresh-token.entity';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  AccessClaims,
  hashRefreshToken,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  newRefreshToken,
  REFRESH_TOKEN_TTL_DAYS,
} from './tokens';

const invalidRefresh = () => unauthorized('INVALID_REFRESH_TOKEN');

@Injectable()
export class AuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly credentials: Credentials,
    private readonly transactions: Transactions,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
  ) {}

  /** How long an access token lives: a cookie holding one need not outlive it. */
  readonly accessTokenTtlSeconds = ACCESS_TOKEN_TTL_SECONDS;

  async login(input: LoginDto, ip: string): Promise<LoginResponseDto> {
    const account = await this.credentials.verify(input.email, input.password, ip);

    // No caller yet: the session being opened is the first thing this one does.
    const tokens = await this.transactions.run(null, async (tx) =>
      this.issueTokens(tx, await openSession(tx, this.users, account, 'api')),
    );
    const user = await this.users.me(callerOf(account, tokens.sessionId));
    return {
      accessToken: tokens.accessToken,
      expiresIn: tokens.expiresIn,
      refreshToken: tokens.refreshToken,
      user,
    };
  }

  /**
   * Exchanges a refresh token for a new pair. Each token works once: presenting a used
   * one means it was copied, so the whole session (every token rotated from it) ends.
   */
  async refresh(token: string): Promise<TokensDto> {
    const stored = await this.refreshTokens.findOneBy({ tokenHash: hashRefreshToken(token) });
    if (!stored) throw invalidRefresh();

    const outcome = await this.transactions.run(null, async (tx) => {
      const m = tx.manager;
      const claimed = await m.update(
        RefreshToken,
        { id: stored.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      if (claimed.affected !== 1) {
        await revokeSession(tx, stored.sessionId, 'refresh_reuse');
        return 'reused' as const;
      }
      const session = await m.findOneBy(AuthSession, { id: stored.sessionId });
      if (!session || session.revokedAt || stored.expiresAt.getTime() <= Date.now())
        return 'invalid' as const;
      // Read in the transaction: a password reset committing meanwhile must not be missed.
      const account = await this.users.findAccount(tx, session.userId);
      if (!account || account.disabled || account.sessionEpoch !== session.userEpoch) {
        await revokeSession(tx, session.id, 'account_changed');
        return 'invalid' as const;
      }
      return this.issueTokens(tx, session);
    });
    // The revocation above is committed before the caller hears about it.
    if (outcome === 'reused') throw unauthorized('REFRESH_TOKEN_REUSED');
    if (outcome === 'invalid') throw invalidRefresh();
    return {
      accessToken: outcome.accessToken,
      expiresIn: outcome.expiresIn,
      refreshToken: outcome.refreshToken,
    };
  }

  /**
   * Ends a session, named by a valid access token or, once that has expired, by one of
   * the session's refresh tokens. Either way, all its tokens stop working.
   */
  async logout(accessToken: string | undefined, refreshToken: string | undefined): Promise<void> {
    let sessionId: string | undefined;
    if (accessToken) {
      sessionId = (await this.authenticate(accessToken)).sessionId;
    } else if (refreshToken) {
      const stored = await this.refreshTokens.findOneBy({
        tokenHash: hashRefreshToken(refreshToken),
      });
      sessionId = stored?.sessionId;
    }
    if (!sessionId) throw unauthorized();
    const id = sessionId;
    await this.transactions.run(null, (tx) => revokeSession(tx, id, 'logout'));
  }

  /** The caller's own new password, after the current one: every session ends, this one too. */
  async changePassword(caller: Caller, input: ChangePasswordDto, ip: string): Promise<void> {
    await this.credentials.changePassword(caller.userId, input, ip);
  }

  /** Checks an access token against the live account and session; a Caller or 401. */
  async authenticate(accessToken: string): Promise<Omit<Caller, 'requestId'>> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(accessToken, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch {
      throw unauthorized();
    }
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      typeof claims.ep !== 'number'
    ) {
      throw unauthorized();
    }
    const [account, session] = await Promise.all([
      this.users.findAccount(this.transactions.read(null), claims.sub),
      this.sessions.findOne({
        where: { id: claims.sid },
        select: { id: true, userId: true, revokedAt: true },
      }),
    ]);
    if (
      !account ||
      account.disabled ||
      account.sessionEpoch !== claims.ep ||
      !session ||
      session.userId !== account.id ||
      session.revokedAt
    ) {
      throw unauthorized();
    }
    return callerOf(account, session.id);
  }

  private async issueTokens(tx: Tx, session: AuthSession) {
    const m = tx.manager;
    const refresh = newRefreshToken();
    await m.save(
      m.create(RefreshToken, {
        id: randomUUID(),
        sessionId: session.id,
        tokenHash: refresh.hash,
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
        usedAt: null,
      }),
    );
    const claims: AccessClaims = { sub: session.userId, sid: session.id, ep: session.userEpoch };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    });
    return {
      accessToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: refresh.token,
      sessionId: session.id,
    };
  }
}
