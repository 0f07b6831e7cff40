// The coach's own sends in Teams (daily posts, reminders, escalations, files): proactive messages
// through the CloudAdapter from saved ConversationReferences. A person with no personal chat yet
// gets one created (createConversation with their id and tenant). Every send waits for the
// rate limiter, and connector failures become the errors the scheduler understands:
// 403 roster → UndeliverableError with reason 'not_installed' (the core's delivery watch tells the
// people who can fix it, once), 429 → RateLimitedError.

import type { CloudAdapter, ConversationReference, TurnContext, Activity } from 'botbuilder';
import { CodedError, RateLimitedError, UndeliverableError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { isActor, type Actor, type Address, type AddressBook, type Messenger, type OutboundFile, type SendOptions } from '../../src/ports.ts';
import { classifyConnectorError } from './connector-errors.ts';
import { ConversationReferences, referenceFor } from './conversation-references.ts';
import { messageRef, threadConversationId } from './from-teams.ts';
import type { SendLimiter } from './send-limiter.ts';
import { toTeamsActivity } from './to-adaptive-card.ts';

export interface TeamsMessengerOptions {
  adapter: CloudAdapter;
  appId: string;
  /** The OAuth audience for createConversation (Bot Framework public cloud). */
  audience: string;
  addressBook: AddressBook;
  limiter: SendLimiter;
  logger: Logger;
  /** The adapter's own, so an undeliverable mark set here is cleared by the next turn from there. */
  references?: ConversationReferences;
}

/**
 * Run proactive logic so that its error reaches our caller (the scheduler). Thrown inside the
 * turn, it would go to the adapter's onTurnError, which answers the (absent) sender and swallows it.
 */
async function runProactive(start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  await start(async (context) => {
    try {
      await logic(context);
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
}

/** CSV and other files go into the chat as text when they are this small; Teams has no file upload for bots outside personal-chat consent flows. */
const MAX_INLINE_FILE_BYTES = 20_000;

export function createTeamsMessenger(options: TeamsMessengerOptions): Messenger {
  const { adapter, appId, addressBook, limiter, logger } = options;
  const references = options.references ?? new ConversationReferences(addressBook);

  /** Send one activity into a known conversation; returns the created activity id. */
  const sendTo = async (reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> => {
    let id = '';
    await runProactive(
      (logic) => adapter.continueConversationAsync(appId, reference, logic),
      async (context) => {
        await limiter.acquire(reference.conversation?.tenantId ?? '', reference.conversation?.id ?? '');
        id = (await context.sendActivity(activity))?.id ?? '';
      },
    );
    return id;
  };

  /** Map a connector failure; a roster 403 is remembered (so Teams is not asked again) and logged. */
  const fail = async (error: unknown, target: { tenant: string; kind: 'user' | 'channel'; id: string }): Promise<never> => {
    if (error instanceof CodedError) throw error;
    const failure = classifyConnectorError(error);
    if (failure.kind === 'roster') {
      await references.markUndeliverable(target.tenant, target.kind, target.id, 'Teams: the bot is not part of the conversation roster (app not installed)');
      logger.warn('teams address undeliverable: app not installed there', { workspaceId: target.tenant, kind: target.kind });
      throw new UndeliverableError('The coach is not installed for this Teams user or team.', { cause: error, reason: 'not_installed' });
    }
    if (failure.kind === 'rate-limited') throw new RateLimitedError(failure.retryAfterMs, 'Teams asked the coach to slow down');
    throw new CodedError('DELIVERY_FAILED', `Teams did not accept the message (${failure.status ?? 'no status'}).`, { cause: error });
  };

  const checkDeliverable = async (tenant: string, kind: 'user' | 'channel', id: string) => {
    // Marked by an earlier 403: do not hammer Teams; a new turn from there clears the mark.
    if (await addressBook.undeliverableReason('teams', tenant, kind, id)) throw new UndeliverableError('The coach is not installed for this Teams user or team.', { reason: 'not_installed' });
  };

  const postActivity = async (to: Address, activity: Partial<Activity>, options?: SendOptions): Promise<{ ref: string }> => {
    const tenant = to.workspaceId;
    await checkDeliverable(tenant, 'channel', to.key);
    const saved = (await references.channel(tenant, to.key))?.reference;
    const fallback = await references.tenant(tenant);
    if (!saved && !fallback) throw new UndeliverableError('The coach has never seen this Teams conversation.', { reason: 'not_found' });
    const base: Partial<ConversationReference> = saved ?? {
      channelId: 'msteams',
      serviceUrl: fallback?.serviceUrl,
      bot: fallback?.bot,
      conversation: { id: to.key, tenantId: tenant, isGroup: true, conversationType: 'channel', name: '' },
    };
    const thread = options?.threadRef ? threadConversationId(options.threadRef) : undefined;
    const conversationId = thread?.conversationId ?? to.key;
    const reference = { ...base, conversation: { ...(base.conversation as ConversationReference['conversation']), id: conversationId } };
    try {
      const id = await sendTo(reference, activity);
      return { ref: messageRef(conversationId, id) };
    } catch (error) {
      return fail(error, { tenant, kind: 'channel', id: to.key });
    }
  };

  const dmActivity = async (user: Actor, activity: Partial<Activity>): Promise<{ ref: string }> => {
    const tenant = user.workspaceId;
    await checkDeliverable(tenant, 'user', user.userId);
    const saved = await references.user(tenant, user.userId);
    try {
      if (saved?.personal) {
        const id = await sendTo(saved.personal, activity);
        return { ref: messageRef(saved.personal.conversation?.id ?? '', id) };
      }
      const tenantRecord = await references.tenant(tenant);
      const serviceUrl = saved?.serviceUrl ?? tenantRecord?.serviceUrl;
      const bot = saved?.bot ?? tenantRecord?.bot;
      if (!serviceUrl || !bot) {
        // Nobody in this tenant has talked to the coach yet: wait for the first turn (the job retries).
        throw new CodedError('DELIVERY_FAILED', 'The coach has not been installed in this Teams tenant yet.');
      }
      let ref = '';
      // Teams accepts the user's 29: id, or their Entra object id, as the member of a new 1:1 chat.
      const parameters = {
        isGroup: false,
        bot,
        members: [{ id: saved?.teamsId ?? user.userId, name: '' }],
        tenantId: tenant,
        channelData: { tenant: { id: tenant } },
        activity: undefined as unknown as Activity,
      };
      await runProactive(
        (logic) => adapter.createConversationAsync(appId, 'msteams', serviceUrl, options.audience, parameters, logic),
        async (context) => {
          const conversation = { ...context.activity.conversation, conversationType: 'personal', tenantId: tenant };
          const personal = referenceFor({ ...context.activity, conversation });
          await references.saveUser(tenant, user.userId, { teamsId: saved?.teamsId ?? user.userId, name: saved?.name ?? user.name, serviceUrl, bot, personal });
          await limiter.acquire(tenant, conversation.id);
          const id = (await context.sendActivity(activity))?.id ?? '';
          ref = messageRef(conversation.id, id);
        },
      );
      logger.info('opened a personal chat in teams', { workspaceId: tenant });
      return { ref };
    } catch (error) {
      return fail(error, { tenant, kind: 'user', id: user.userId });
    }
  };

  return {
    post: (to, msg, options) => postActivity(to, toTeamsActivity(msg), options),
    dm: (user, msg) => dmActivity(user, toTeamsActivity(msg)),
    upload: (to, file, comment) => {
      const activity = fileActivity(file, comment);
      return isActor(to) ? dmActivity(to, activity) : postActivity(to, activity);
    },
  };
}

/**
 * Teams bots can put images in any chat as a base64 data: URL attachment. Other files (the
 * stats CSV) cannot be attached by a bot in a channel without SharePoint/Graph access, and in a
 * personal chat only through a file-consent card and OneDrive upload; so a small text file is
 * shown inline in a monospace block people can copy, and a large one is named with where to get it.
 */
export function fileActivity(file: OutboundFile, comment?: string): Partial<Activity> {
  const intro = comment ?? file.title;
  if (file.mimeType.startsWith('image/')) {
    const dataUrl = `data:${file.mimeType};base64,${Buffer.from(file.bytes).toString('base64')}`;
    return {
      type: 'message',
      text: intro,
      attachments: [{ contentType: file.mimeType, contentUrl: dataUrl, name: file.filename }],
    };
  }
  const text = Buffer.from(file.bytes).toString('utf8');
  const fits = file.bytes.byteLength <= MAX_INLINE_FILE_BYTES && /^(text\/|application\/(csv|json))/.test(file.mimeType);
  const body = fits
    ? [
        { type: 'TextBlock', text: intro, wrap: true, weight: 'Bolder' },
        { type: 'TextBlock', text: `${file.filename} — copy it into a spreadsheet:`, wrap: true, isSubtle: true },
        { type: 'TextBlock', text, wrap: true, fontType: 'Monospace', size: 'Small' },
      ]
    : [
        { type: 'TextBlock', text: intro, wrap: true, weight: 'Bolder' },
        {
          type: 'TextBlock',
          text: `${file.filename} is too big to show in a Teams chat, and Teams does not let bots attach files here. Ask for it in Slack or the console, or export it from the coach's server.`,
          wrap: true,
        },
      ];
  return {
    type: 'message',
    summary: `${intro} (${file.filename})`,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', fallbackText: fits ? `${intro}\n${text}` : intro, body, msteams: { width: 'Full' } },
      },
    ],
  };
}
