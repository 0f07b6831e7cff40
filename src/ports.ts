// The contract between the platform-neutral coach and the adapters (Slack, Teams, console).
// Adapters translate platform payloads into these types and render these types back; the core
// never sees a Slack payload or a Teams activity, and never imports a platform SDK.

export type Platform = 'slack' | 'teams' | 'console';

/** A person on a platform. `tz` is an IANA zone when the platform tells us (Slack profile, Teams clientInfo). */
export interface Actor {
  platform: Platform;
  workspaceId: string; // Slack team id, Teams tenant id, 'local' for the console
  userId: string;
  name?: string;
  tz?: string;
  /** BCP 47 locale ("en-GB", "de-DE") when the platform tells us: it decides how "3/12" reads. */
  locale?: string;
  /** The platform says this person administers the workspace (Slack admins/owners); counts as a manager. */
  isAdmin?: boolean;
}

/** Where a message can be posted: a channel or conversation. `key` is opaque to the core. */
export interface Address {
  platform: Platform;
  workspaceId: string;
  key: string;
  /** A human label ("#support"), for messages that name the channel; never used as an identity. */
  label?: string;
}

export type Inbound =
  | { kind: 'command'; from: Actor; address: Address; command: string; text: string; at: Date }
  | { kind: 'action'; from: Actor; address: Address; actionId: string; value?: string; at: Date; messageRef?: string }
  /** The coach was added to a channel or conversation (Slack invite, Teams install). */
  | { kind: 'installed'; from: Actor; address: Address; at: Date }
  | {
      kind: 'reaction' | 'reaction_removed' | 'reply';
      from: Actor;
      address: Address;
      /** The ref of the coach's own message that was reacted to or replied under. */
      targetRef: string;
      /** A platform id for this event, so retried deliveries are counted once. */
      eventId: string;
      at: Date;
    }
  /** A person's platform status changed (Slack status text): a hint that they may be out of office. */
  | { kind: 'status'; from: Actor; address: Address; statusText: string; statusEmoji: string; expiresAt?: Date; at: Date };

/** Neutral blocks; each adapter renders them (Block Kit, Adaptive Cards, terminal text).
 *  Text uses a tiny markup both platforms can render: *bold*, _italic_, `code`. */
export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'quote'; text: string; author?: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'context'; text: string }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'image'; url?: string; path?: string; alt: string }
  | { type: 'divider' }
  | PersonPicker;

/**
 * "Hand #42 to…": pick a colleague. Slack shows a users_select, Teams a choice of `people` with a
 * submit button, the console the `command` to type. The press arrives as an action `actionId`
 * with value `<value>|<picked user id>`.
 */
export interface PersonPicker {
  type: 'person_picker';
  actionId: string;
  label: string;
  value: string;
  /** People the coach knows in this workspace (Teams has no people picker in bot cards). */
  people: { userId: string; name: string }[];
  /** What to type where there is no picker: `/promise-callback handover 42 @name`. */
  command: string;
}

export interface Button {
  /** A stable dotted id both platforms map to: `principle.ack`, `promise.done`, `promise.snooze`… */
  actionId: string;
  label: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface Outbound {
  /** Plain-text fallback: notifications, screen readers, clients that cannot render blocks. */
  text: string;
  blocks: Block[];
  /** 'private': only the person who asked sees it (Slack ephemeral). 'channel': everyone in the conversation. */
  visibility: 'private' | 'channel';
  /** For an answer to a button press: replace the message the button was on instead of adding a new one. */
  replaceOriginal?: boolean;
}

export interface SendOptions {
  /** Post as a reply in the thread of this message ref (discussion wrap-ups). */
  threadRef?: string;
  /** Dedupe key: an adapter that can, uses it to avoid posting the same job twice. */
  idempotencyKey?: string;
  /**
   * This send may already have gone out (its job was recovered after a crash or an expired lease):
   * an adapter that can look for `idempotencyKey` in the conversation's recent history does so
   * before sending again. Set by the messenger router from the running job, not by features.
   */
  checkFirst?: boolean;
}

/** A file the coach sends (a stats chart PNG, a CSV export). */
export interface OutboundFile {
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
  title: string;
  /** Describes an image for screen readers. */
  altText?: string;
}

/** How the core sends on its own initiative (scheduled posts, reminders, escalations). */
export interface Messenger {
  post(to: Address, msg: Outbound, options?: SendOptions): Promise<{ ref: string }>;
  dm(user: Actor, msg: Outbound, options?: SendOptions): Promise<{ ref: string }>;
  /** Share a file in a channel (an Address) or with one person (an Actor), with an optional comment. */
  upload(to: Address | Actor, file: OutboundFile, comment?: string): Promise<{ ref: string }>;
}

export const isActor = (to: Address | Actor): to is Actor => 'userId' in to;

/**
 * A per-second send budget every replica shares through the store (Teams allows 50 requests per
 * second per app per tenant, whichever process sends them).
 */
export interface SendBudget {
  /** Take one send for `scope` from this second's `perSecond`: 0 when granted, else ms until the next second. */
  take(platform: Platform, scope: string, perSecond: number): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The machine's clock shifted by `offsetMs` (COACH_CLOCK_OFFSET_MS: testing and demos only). */
export function offsetClock(offsetMs: number): Clock {
  return offsetMs === 0 ? systemClock : { now: () => new Date(Date.now() + offsetMs) };
}

/**
 * Durable per-platform delivery data the adapters need but the core does not interpret: Teams
 * ConversationReferences, a Slack user's DM channel. Implemented over SQLite in src/store, so
 * adapters hold no SQL. `kind` is 'user' or 'channel'; `id` is the platform's id for it.
 */
export interface AddressBook {
  save(platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string, data: unknown): Promise<void>;
  load<T = unknown>(platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string): Promise<T | undefined>;
  /** The platform refused this address for good (Teams 403 roster): remember, so we stop trying. */
  markUndeliverable(platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string, reason: string): Promise<void>;
  undeliverableReason(platform: Platform, workspaceId: string, kind: 'user' | 'channel', id: string): Promise<string | undefined>;
}

/**
 * Signed requests already handled, shared by every replica through the store, so a captured
 * request replayed inside its validity window is refused (Slack signs `v0:{timestamp}:{body}`
 * and its signature stays valid for 5 minutes). Implemented in src/store.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen before `expiresAt`; false for a replay. */
  firstSeen(platform: Platform, key: string, expiresAt: Date): Promise<boolean>;
}
