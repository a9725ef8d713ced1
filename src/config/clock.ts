import { Injectable } from '@nestjs/common';
import { AppConfig } from './app-config';

const DAY_MS = 86_400_000;

/**
 * The time the data lifecycle reads: the real clock, moved by CLOCK_SHIFT_DAYS where that
 * is set (tests and rehearsals of a policy; refused in production). Expiry of sessions and
 * tokens keeps the real clock: it is a security fact, not a policy.
 */
@Injectable()
export class Clock {
  private readonly shiftMs: number;

  constructor(config: AppConfig) {
    this.shiftMs = config.clockShiftDays * DAY_MS;
  }

  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  }
}
