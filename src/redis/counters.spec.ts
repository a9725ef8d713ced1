import Redis from 'ioredis';
import { Counters } from './counters';

describe('Counters', () => {
  it('counts within a window in memory and starts again after it', async () => {
    const counters = new Counters(null);
    expect((await counters.hit('k', 50)).count).toBe(1);
    const second = await counters.hit('k', 50);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(0);
    expect(second.resetInMs).toBeLessThanOrEqual(50);
    expect((await counters.hit('other', 50)).count).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect((await counters.hit('k', 50)).count).toBe(1);
  });

  it('falls back to memory when Redis does not answer', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    unreachable.on('error', () => undefined);
    const counters = new Counters(unreachable);
    expect((await counters.hit('k', 1000)).count).toBe(1);
    expect((await counters.hit('k', 1000)).count).toBe(2);
    unreachable.disconnect();
  });
});
