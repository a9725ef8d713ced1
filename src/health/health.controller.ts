import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/decorators';
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
  ) {}

  /** The process is up and answering. */
  @Get()
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database answers, and Redis when configured. 503 otherwise. */
  @Get('ready')
  @ApiErrors('SERVICE_UNAVAILABLE')
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.redis.ping('redis'),
      ]);
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
}
