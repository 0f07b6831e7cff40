// Where the Teams adapter keeps what it needs to message people and channels later: the
// ConversationReference of every channel and personal chat it sees, on every turn and on install
// (the Teams samples' advice: save on every turn, durably). Stored through the AddressBook port,
// keyed by tenant: users by aadObjectId, channels by conversation id (without ;messageid=).

import { TurnContext, type Activity, type ChannelAccount, type ConversationReference } from 'botbuilder';
import type { AddressBook } from '../../src/ports.ts';
import { baseConversationId, isPersonal, tenantOf } from './from-teams.ts';

export interface SavedChannel {
  reference: Partial<ConversationReference>;
}

export interface SavedUser {
  /** The Teams user id (29:…), what createConversation wants. */
  teamsId: string;
  name?: string;
  serviceUrl: string;
  bot: ChannelAccount;
  /** Their personal chat with the coach, once it exists. */
  personal?: Partial<ConversationReference>;
}

/** Any serviceUrl and bot account seen in a tenant: enough to open a personal chat with anyone there. */
interface SavedTenant {
  serviceUrl: string;
  bot: ChannelAccount;
}

// The AddressBook has users and channels; the tenant-wide record lives under a channel id that
// can never be a Teams conversation id.
const TENANT_RECORD = '#tenant';

/**
 * A reference for proactive sends. Without `activityId`: the SDK would otherwise make every
 * proactive message a reply to the last message we saw (a new post in a channel must start a thread).
 */
export function referenceFor(activity: Partial<Activity>, conversationId?: string): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  const conversation = { ...(reference.conversation as ConversationReference['conversation']) };
  conversation.id = conversationId ?? baseConversationId(conversation.id);
  conversation.tenantId = conversation.tenantId ?? tenantOf(activity);
  reference.conversation = conversation;
  return reference;
}

/** How many saved records' last-written JSON to keep in memory (FIFO): ~0.5 KB each. */
const MAX_REMEMBERED = 10_000;

/** How long this process trusts that a row still holds what it last wrote (other replicas write too). */
const WRITTEN_TRUSTED_MS = 60_000;
const recordKey = (tenant: string, kind: 'user' | 'channel', id: string) => `${kind}\u0000${tenant}\u0000${id}`;

export class ConversationReferences {
  /**
   * The JSON last written for each record, so a turn that changes nothing costs no SQL at all
   * (every turn would otherwise run three no-op upserts). An undeliverable mark drops the record's
   * entry so the next turn from there writes again and clears the mark. With several replicas,
   * another one may have written or marked the row since: an entry is trusted for a minute only,
   * so a mark set elsewhere is cleared by a turn at most a minute later. A cache safe to be cold.
   */
  private readonly written = new Map<string, { json: string; at: number }>();

  constructor(private readonly book: AddressBook) {}

  /** Remember the conversation and the sender of this activity. Refreshes undeliverable marks. */
  async rememberTurn(activity: Partial<Activity>): Promise<void> {
    const tenant = tenantOf(activity);
    const serviceUrl = activity.serviceUrl;
    const bot = activity.recipient;
    if (!serviceUrl || !bot || !activity.conversation?.id) return;
    await this.save(tenant, 'channel', TENANT_RECORD, { serviceUrl, bot } satisfies SavedTenant);
    const from = activity.from;
    const userKey = from?.aadObjectId ?? from?.id;
    // Every conversation (channel, group chat, personal chat) can be posted to later: a personal
    // chat can subscribe to the daily principle too.
    const reference = referenceFor(activity);
    await this.save(tenant, 'channel', baseConversationId(activity.conversation.id), { reference } satisfies SavedChannel);
    if (isPersonal(activity)) {
      if (from && userKey) await this.saveUser(tenant, userKey, { teamsId: from.id, name: from.name, serviceUrl, bot, personal: reference });
      return;
    }
    // Someone in a team the coach is installed in can be messaged 1:1 even before they open a chat.
    if (from && userKey && from.id !== bot.id && activity.type === 'message') {
      const known = await this.user(tenant, userKey);
      await this.saveUser(tenant, userKey, { teamsId: from.id, name: from.name ?? known?.name, serviceUrl, bot, personal: known?.personal });
    }
  }

  saveUser(tenant: string, userKey: string, user: SavedUser): Promise<void> {
    return this.save(tenant, 'user', userKey, user);
  }

  /** A 403 from Teams: remember it, and make the next turn from there write (which clears it). */
  async markUndeliverable(tenant: string, kind: 'user' | 'channel', id: string, reason: string): Promise<void> {
    this.written.delete(recordKey(tenant, kind, id));
    await this.book.markUndeliverable('teams', tenant, kind, id, reason);
  }

  /** Write only when the record differs from what this process last wrote. */
  private async save(tenant: string, kind: 'user' | 'channel', id: string, data: SavedUser | SavedChannel | SavedTenant): Promise<void> {
    const key = recordKey(tenant, kind, id);
    const json = JSON.stringify(data);
    const last = this.written.get(key);
    if (last?.json === json && Date.now() - last.at < WRITTEN_TRUSTED_MS) return;
    // Forget first: if the write throws, the next turn must try again.
    this.written.delete(key);
    await this.book.save('teams', tenant, kind, id, data);
    if (this.written.size >= MAX_REMEMBERED) this.written.delete(this.written.keys().next().value as string);
    this.written.set(key, { json, at: Date.now() });
  }

  async user(tenant: string, userKey: string): Promise<SavedUser | undefined> {
    return (await this.book.load<SavedUser>('teams', tenant, 'user', userKey)) ?? undefined;
  }

  async channel(tenant: string, conversationId: string): Promise<SavedChannel | undefined> {
    return (await this.book.load<SavedChannel>('teams', tenant, 'channel', conversationId)) ?? undefined;
  }

  async tenant(tenant: string): Promise<SavedTenant | undefined> {
    return (await this.book.load<SavedTenant>('teams', tenant, 'channel', TENANT_RECORD)) ?? undefined;
  }
}
