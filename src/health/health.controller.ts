import { Controller, Get, Headers, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AuthService } from '../auth/auth.service';
import { Public } from '../common/auth/decorators';
import { bearerToken } from '../common/http/bearer';
import { RetentionService } from '../retention/retention.service';
import { AppError } from '../common/errors/app-error';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { RedisHealthIndicator } from './redis.health';

export class LivenessDto {
  status: 'ok';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly auth: AuthService,
    private readonly retention: RetentionService,
  ) {}

  /** The process is up and answering. */
  @Get()
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /**
   * Ready for traffic: the database answers, and Redis when configured. 503 otherwise.
   * With an organizer's token, `details.retention` also tells the last retention run.
   */
  @Get('ready')
  @ApiErrors('SERVICE_UNAVAILABLE')
  async ready(@Headers('authorization') authorization?: string): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.redis.ping('redis'),
      ]);
      if (await this.isOrganizer(authorization)) {
        const run = await this.retention.lastRun();
        result.details.retention = {
          status: 'up',
          lastRun: run
            ? {
                status: run.status,
                startedAt: run.startedAt,
                finishedAt: run.finishedAt,
                counts: run.counts,
              }
            : null,
        };
      }
      return result;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        {},
        Object.keys(result.error ?? {}).map((field) => ({ field, code: 'DOWN' })),
        { 'retry-after': '5' },
      );
    }
  }

  /** A bad or absent token only means the public answer. */
  private async isOrganizer(authorization: string | undefined): Promise<boolean> {
    const token = bearerToken(authorization);
    if (!token) return false;
    try {
      return (await this.auth.authenticate(token)).role === 'organizer';
    } catch {
      return false;
    }
  }
}
