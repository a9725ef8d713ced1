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

  it('peeks at a count without adding to it, and resets it', async () => {
    const counters = new Counters(null);
    expect(await counters.peek('k')).toEqual({ count: 0, resetInMs: 0 });
    await counters.hit('k', 1000);
    await counters.hit('k', 1000);
    const peeked = await counters.peek('k');
    expect(peeked.count).toBe(2);
    expect(peeked.resetInMs).toBeGreaterThan(0);
    expect(peeked.resetInMs).toBeLessThanOrEqual(1000);
    expect((await counters.peek('k')).count).toBe(2);
    await counters.reset('k');
    expect(await counters.peek('k')).toEqual({ count: 0, resetInMs: 0 });
    expect((await counters.hit('k', 1000)).count).toBe(1);
  });

  it('peeks at nothing once the window has passed', async () => {
    const counters = new Counters(null);
    await counters.hit('k', 20);
    await new Promise((r) => setTimeout(r, 30));
    expect(await counters.peek('k')).toEqual({ count: 0, resetInMs: 0 });
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
    expect((await counters.peek('k')).count).toBe(2);
    await counters.reset('k');
    expect((await counters.peek('k')).count).toBe(0);
    unreachable.disconnect();
  });
});
