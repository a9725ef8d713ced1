import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { IntervalJob } from '../common/jobs/interval-job';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { AuthSession } from './auth-session.entity';
import { RefreshToken } from './refresh-token.entity';
import { REFRESH_TOKEN_TTL_DAYS } from './tokens';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BATCH = 500;

/**
 * Refresh tokens and sessions are kept only while they can matter: expired tokens a day
 * after expiry (a replay of one is then just unknown), API sessions once none of their
 * tokens is left, browser sessions once past their absolute lifetime, revoked ones a day
 * after. Runs hourly in worker processes and in the retention job; deleting is idempotent, so several
 * workers running it at once do no harm.
 */
@Injectable()
export class SessionCleanupService extends IntervalJob {
  constructor(
    config: AppConfig,
    private readonly transactions: Transactions,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
  ) {
    super({ runsJobs: config.runsJobs, intervalMs: HOUR_MS, name: 'SessionCleanup' });
    this.browserLifetimeMs = config.portalSession.lifetimeMs;
  }

  private readonly browserLifetimeMs: number;

  run(): Promise<{ tokens: number; sessions: number }> {
    return this.purge();
  }

  async purge(now = new Date()): Promise<{ tokens: number; sessions: number }> {
    const tokens = await this.transactions.run(null, async (tx) => {
      const m = tx.manager;
      const result = await m.delete(RefreshToken, {
        expiresAt: LessThan(new Date(now.getTime() - DAY_MS)),
      });
      return result.affected ?? 0;
    });
    let sessions = 0;
    const cutoff = new Date(now.getTime() - (REFRESH_TOKEN_TTL_DAYS + 1) * DAY_MS);
    const browserCutoff = new Date(now.getTime() - this.browserLifetimeMs);
    for (;;) {
      const empty = await this.sessions
        .createQueryBuilder('s')
        .select('s.id', 'id')
        .leftJoin(RefreshToken, 't', 't.sessionId = s.id')
        // An API session once its tokens are gone; a browser session once past its lifetime;
        // any session a day after it was revoked (a replayed token is then just unknown).
        .where(
          "(s.kind = 'api' AND s.createdAt < :cutoff AND t.id IS NULL) OR " +
            "(s.kind = 'browser' AND s.createdAt < :browserCutoff) OR " +
            's.revokedAt < :revokedCutoff',
          { cutoff, browserCutoff, revokedCutoff: new Date(now.getTime() - DAY_MS) },
        )
        .groupBy('s.id')
        .limit(BATCH)
        .getRawMany<{ id: string }>();
      if (empty.length === 0) break;
      await this.transactions.run(null, (tx) =>
        tx.manager.delete(AuthSession, { id: In(empty.map((row) => row.id)) }),
      );
      sessions += empty.length;
      if (empty.length < BATCH) break;
    }
    if (tokens || sessions)
      this.logger.log(`Removed ${tokens} refresh tokens, ${sessions} sessions`);
    return { tokens, sessions };
  }
}
