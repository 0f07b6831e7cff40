// One Messenger for the core that hands each send to the adapter of the address's platform.

import { CodedError } from './errors.ts';
import { currentJob } from './job-context.ts';
import type { Actor, Address, Messenger, Outbound, OutboundFile, Platform, SendOptions } from './ports.ts';

export class MessengerRouter implements Messenger {
  private readonly byPlatform = new Map<Platform, Messenger>();

  register(platform: Platform, messenger: Messenger): void {
    this.byPlatform.set(platform, messenger);
  }

  post(to: Address, msg: Outbound, options?: SendOptions): Promise<{ ref: string }> {
    return this.for(to.platform).post(to, msg, withJob(options));
  }

  dm(user: Actor, msg: Outbound, options?: SendOptions): Promise<{ ref: string }> {
    return this.for(user.platform).dm(user, msg, withJob(options));
  }

  upload(to: Address | Actor, file: OutboundFile, comment?: string): Promise<{ ref: string }> {
    return this.for(to.platform).upload(to, file, comment);
  }

  private for(platform: Platform): Messenger {
    const messenger = this.byPlatform.get(platform);
    // Not "undeliverable": the platform may just not be configured in this run; the job retries later.
    if (!messenger) throw new CodedError('DELIVERY_FAILED', `The ${platform} adapter is not running, so this message waits until it is.`);
    return messenger;
  }
}

/** A send made by a recovered job asks the adapter to look before sending again. */
function withJob(options: SendOptions | undefined): SendOptions | undefined {
  if (!currentJob()?.recovered || !options?.idempotencyKey) return options;
  return { ...options, checkFirst: true };
}
