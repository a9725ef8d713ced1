import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { Counters } from './counters';
import { REDIS, RedisClient } from './redis.token';

const logger = new Logger('Redis');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RedisClient => {
        if (!config.redisUrl) return null;
        const redis = new Redis(config.redisUrl, {
          keyPrefix: config.redisPrefix,
          // Commands fail at once while Redis is down, so callers can fall back.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
        });
        // ioredis reconnects by itself; without a listener it would print every failed attempt.
        redis.on('error', (error: Error) => logger.warn(`Redis unavailable: ${error.message}`));
        return redis;
      },
    },
    Counters,
  ],
  exports: [REDIS, Counters],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
