import { describe, expect, it } from 'vitest';
import { createSendLimiter } from '../../../adapters/teams/send-limiter.ts';

/** A limiter on a hand-moved clock: "sleeping" just moves the clock, so nothing waits. */
function pacedLimiter() {
  let now = 0;
  const sends: number[] = [];
  const limiter = createSendLimiter({ now: () => now, sleep: async (ms) => void (now += ms) });
  return {
    send: async (tenant: string, conversation: string) => {
      await limiter.acquire(tenant, conversation);
      sends.push(now);
    },
    sends,
  };
}

describe('Teams send limiter', () => {
  it('lets 7 sends a second through to one conversation and paces the rest', async () => {
    const l = pacedLimiter();
    for (let i = 0; i < 21; i++) await l.send('t1', 'c1');
    expect(l.sends.filter((at) => at < 1000)).toHaveLength(7 + 6); // a burst of 7, then one every 1/7 s
    expect(l.sends.at(-1)).toBeGreaterThanOrEqual(2000 - 1);
    expect(l.sends.at(-1)).toBeLessThan(2200);
  });

  it('caps a tenant at 50 a second across its conversations, and leaves other tenants alone', async () => {
    const l = pacedLimiter();
    for (let i = 0; i < 100; i++) await l.send('t1', `c${i}`);
    expect(l.sends.filter((at) => at === 0)).toHaveLength(50);
    expect(l.sends.at(-1)).toBeGreaterThanOrEqual(980);
    const other = pacedLimiter();
    await other.send('t2', 'c1');
    expect(other.sends).toEqual([0]);
  });
});
