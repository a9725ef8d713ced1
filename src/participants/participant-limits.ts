import { Injectable } from '@nestjs/common';
import { Caller } from '../common/auth/caller';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { Counters } from '../redis/counters';

const HOUR_MS = 3_600_000;

/**
 * Per-account budgets for what carries passport numbers in: creating and editing people,
 * and imports (dry runs included). A school's real work stays far below them; trying
 * numbers in bulk does not. Counted before the work, so a refused request costs nothing.
 */
@Injectable()
export class ParticipantLimits {
  constructor(
    private readonly config: AppConfig,
    private readonly counters: Counters,
  ) {}

  write(caller: Caller): Promise<void> {
    return this.spend(caller, 'write', this.config.participantLimits.writesPerHour);
  }

  import(caller: Caller): Promise<void> {
    return this.spend(caller, 'import', this.config.participantLimits.importsPerHour);
  }

  private async spend(caller: Caller, what: string, limit: number): Promise<void> {
    const hit = await this.counters.hit(`participants:${what}:${caller.userId}`, HOUR_MS);
    if (hit.count <= limit) return;
    const seconds = Math.max(1, Math.ceil(hit.resetInMs / 1000));
    throw new AppError('RATE_LIMITED', { seconds }, undefined, {
      'retry-after': String(seconds),
    });
  }
}
