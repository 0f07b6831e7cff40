// A Messenger that records what the core sent, for core tests (adapter tests use loopback fakes).
import type { Actor, Address, Messenger, Outbound, OutboundFile, SendOptions } from '../../src/ports.ts';

export interface Sent {
  kind: 'post' | 'dm' | 'upload';
  to: Address | Actor;
  msg: Outbound;
  file?: OutboundFile;
  options?: SendOptions;
  ref: string;
}

export class RecordingMessenger implements Messenger {
  readonly sent: Sent[] = [];
  /** Set to make the next sends fail, e.g. to simulate an outage. */
  failWith: Error | undefined;
  /** Addresses (channel key or user id) that refuse every send with this error until allowed. */
  readonly refusing = new Map<string, Error>();
  private next = 1;

  async post(to: Address, msg: Outbound, options?: SendOptions) {
    return this.record('post', to, msg, options);
  }
  async dm(user: Actor, msg: Outbound, options?: SendOptions) {
    return this.record('dm', user, msg, options);
  }
  async upload(to: Address | Actor, file: OutboundFile, comment?: string) {
    return this.record('upload', to, { text: comment ?? '', blocks: [], visibility: 'channel' }, undefined, file);
  }
  private record(kind: Sent['kind'], to: Address | Actor, msg: Outbound, options?: SendOptions, file?: OutboundFile) {
    if (this.failWith) throw this.failWith;
    const refusal = this.refusing.get('userId' in to ? to.userId : to.key);
    if (refusal) throw refusal;
    const ref = `ref-${this.next++}`;
    this.sent.push({ kind, to, msg, options, ref, file });
    return { ref };
  }
  /** Everything sent so far, then forget it. */
  take(): Sent[] {
    return this.sent.splice(0);
  }
}
