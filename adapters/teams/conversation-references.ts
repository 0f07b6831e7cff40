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

export class ConversationReferences {
  constructor(private readonly book: AddressBook) {}

  /** Remember the conversation and the sender of this activity. Refreshes undeliverable marks. */
  rememberTurn(activity: Partial<Activity>): void {
    const tenant = tenantOf(activity);
    const serviceUrl = activity.serviceUrl;
    const bot = activity.recipient;
    if (!serviceUrl || !bot || !activity.conversation?.id) return;
    this.book.save('teams', tenant, 'channel', TENANT_RECORD, { serviceUrl, bot } satisfies SavedTenant);
    const from = activity.from;
    const userKey = from?.aadObjectId ?? from?.id;
    // Every conversation (channel, group chat, personal chat) can be posted to later: a personal
    // chat can subscribe to the daily principle too.
    this.book.save('teams', tenant, 'channel', baseConversationId(activity.conversation.id), { reference: referenceFor(activity) } satisfies SavedChannel);
    if (isPersonal(activity)) {
      if (from && userKey) this.saveUser(tenant, userKey, { teamsId: from.id, name: from.name, serviceUrl, bot, personal: referenceFor(activity) });
      return;
    }
    // Someone in a team the coach is installed in can be messaged 1:1 even before they open a chat.
    if (from && userKey && from.id !== bot.id && activity.type === 'message') {
      const known = this.user(tenant, userKey);
      this.saveUser(tenant, userKey, { teamsId: from.id, name: from.name ?? known?.name, serviceUrl, bot, personal: known?.personal });
    }
  }

  saveUser(tenant: string, userKey: string, user: SavedUser): void {
    this.book.save('teams', tenant, 'user', userKey, user);
  }

  user(tenant: string, userKey: string): SavedUser | undefined {
    return this.book.load<SavedUser>('teams', tenant, 'user', userKey) ?? undefined;
  }

  channel(tenant: string, conversationId: string): SavedChannel | undefined {
    return this.book.load<SavedChannel>('teams', tenant, 'channel', conversationId) ?? undefined;
  }

  tenant(tenant: string): SavedTenant | undefined {
    return this.book.load<SavedTenant>('teams', tenant, 'channel', TENANT_RECORD) ?? undefined;
  }
}
