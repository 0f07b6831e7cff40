// The messages the fake Slack keeps, per conversation with their metadata: what
// conversations.history and conversations.replies serve, and what deliveries are counted by
// (the coach puts its job's idempotency key in each message's metadata).

/** A message as the fake keeps it: what conversations.history/replies serve. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: unknown;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export class FakeConversations {
  /** Every message posted (chat.postMessage) or seeded, oldest first. */
  readonly messages: FakeSlackMessage[] = [];
  private nextTs = 1;

  newTs(): string {
    return `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
  }

  /** Keep a message (a new ts unless it has one). */
  add(message: Omit<FakeSlackMessage, 'ts'> & { ts?: string }): FakeSlackMessage {
    const stored = { ...message, ts: message.ts ?? this.newTs() };
    this.messages.push(stored);
    return stored;
  }

  /** How many messages carry each metadata key (`event_payload.key`). */
  deliveriesByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) {
      const key = m.metadata?.event_payload?.key;
      if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** conversations.history: newest first, top-level messages only (thread replies live in conversations.replies). */
  history(params: Record<string, unknown>, limit: number): Record<string, unknown> {
    const inChannel = this.messages.filter((m) => m.channel === String(params.channel) && (!m.thread_ts || m.thread_ts === m.ts));
    const newest = inChannel.reverse().slice(0, limit);
    return { ok: true, messages: newest.map((m) => shown(m, params)), has_more: inChannel.length > limit };
  }

  /** conversations.replies: the parent first, then its replies, oldest first. */
  replies(params: Record<string, unknown>, limit: number): Record<string, unknown> {
    const root = String(params.ts);
    const thread = this.messages.filter((m) => m.channel === String(params.channel) && (m.ts === root || m.thread_ts === root));
    if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
    return { ok: true, messages: thread.slice(0, limit).map((m) => shown(m, params)), has_more: thread.length > limit };
  }
}

/** A stored message as Slack returns it: metadata only when asked with include_all_metadata. */
function shown(m: FakeSlackMessage, params: Record<string, unknown>): Record<string, unknown> {
  const withMetadata = String(params.include_all_metadata) === 'true' || params.include_all_metadata === 1;
  return { type: 'message', ts: m.ts, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) };
}
