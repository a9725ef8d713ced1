import Redis from 'ioredis';

/** The shared Redis client, or null on the embedded default (no REDIS_URL). */
export const REDIS = Symbol('REDIS');
export type RedisClient = Redis | null;
