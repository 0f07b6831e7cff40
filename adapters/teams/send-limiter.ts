// Teams throttles bots per conversation (about 7 sends per second, with lower per-minute and
// per-hour ceilings) and per app per tenant (50 requests per second). Going over earns 429s and,
// if it continues, longer blocks; so every send waits for a token from two buckets first: one
// for the conversation and one for the tenant. Time and sleeping are injected so tests can check
// the pacing without waiting.

export interface SendLimiterOptions {
  perConversationPerSecond?: number;
  perTenantPerSecond?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The tenant's budget shared with the other replicas (through the store): 0 when a send may go,
   * else ms to wait. Without it, this process's own bucket is the whole budget (one process).
   */
  sharedTenantBudget?: (tenantId: string) => Promise<number>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface SendLimiter {
  /** Resolves when a send to this conversation in this tenant may go out now. */
  acquire(tenantId: string, conversationId: string): Promise<void>;
}

export function createSendLimiter(options: SendLimiterOptions = {}): SendLimiter {
  const perConversation = options.perConversationPerSecond ?? 7;
  const perTenant = options.perTenantPerSecond ?? 50;
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const buckets = new Map<string, Bucket>();

  /** Milliseconds until this bucket has a whole token (0 = now). */
  const waitFor = (key: string, rate: number, at: number): number => {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rate, updatedAt: at };
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(rate, bucket.tokens + ((at - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = at;
    return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / rate) * 1000);
  };

  // Old conversations' buckets are full again after a second; drop them so the map stays small.
  const prune = (at: number) => {
    if (buckets.size < 10_000) return;
    for (const [key, bucket] of buckets) if (at - bucket.updatedAt > 2_000) buckets.delete(key);
  };

  return {
    async acquire(tenantId, conversationId) {
      const conversationKey = `c:${tenantId}:${conversationId}`;
      const tenantKey = `t:${tenantId}`;
      for (;;) {
        const at = now();
        const wait = Math.max(waitFor(conversationKey, perConversation, at), waitFor(tenantKey, perTenant, at));
        if (wait === 0) {
          (buckets.get(conversationKey) as Bucket).tokens -= 1;
          (buckets.get(tenantKey) as Bucket).tokens -= 1;
          prune(at);
          // Then the tenant's budget across replicas: this process's share of it is whatever is left.
          for (let shared = await options.sharedTenantBudget?.(tenantId); shared; shared = await options.sharedTenantBudget?.(tenantId)) await sleep(shared);
          return;
        }
        await sleep(wait);
      }
    },
  };
}
