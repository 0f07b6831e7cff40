// The Slack adapter: @slack/bolt wiring, Slack payloads → Inbound, Outbound → Block Kit, and
// transport (ack within 3 s, response_url, chat.update, DMs, rate limits). It decides nothing:
// every answer comes from the coach.
//
// HTTP: Bolt's ExpressReceiver on the shared express app at POST /slack/events (commands,
// interactivity and events on one URL; Bolt verifies the signature and the 5-minute window).
// Socket Mode: with an app token, Bolt opens a WebSocket instead (no public URL needed).

import { App, ExpressReceiver, webApi, type AllMiddlewareArgs, type SlackActionMiddlewareArgs, type SlackEventMiddlewareArgs } from '@slack/bolt';
import express, { type Express } from 'express';
import type { Config } from '../../src/config.ts';
import type { Actor, Inbound, Messenger, ReplayGuard } from '../../src/ports.ts';
import type { AdapterInputs, PlatformAdapter } from '../platform-adapter.ts';
import { InFlight } from '../in-flight.ts';
import {
  actionValue,
  buttonContainer,
  fromBlockAction,
  fromBotJoined,
  fromReaction,
  fromThreadReply,
  fromUserStatus,
  type BlockActionPayload,
  type MemberJoinedPayload,
  type MessageEventPayload,
  type ReactionEventPayload,
  type UserStatusPayload,
} from './from-slack.ts';
import { RecentIds } from './recent-ids.ts';
import { keepRawBody, MAX_BODY_BYTES, refuseMalformedPayloads, refuseReplays, refuseUnreadableBody } from './request-guards.ts';
import { countCalls } from './count-api-calls.ts';
import { HANDLED_EVENTS, slashCommandNames } from './slack-app-spec.ts';
import { createSlackMessenger } from './slack-messenger.ts';
import { createWorkspaceClients } from './workspace-clients.ts';
import { createSlackOAuth, type SlackOAuth } from './slack-oauth.ts';
import type { Db } from '../../src/store/open-store.ts';
import type { WorkspaceLifecycle } from '../../src/workspace-lifecycle.ts';
import { PICKER_BLOCK_PREFIX, toHomeView } from './to-block-kit.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { deliverButtonAnswer } from './button-answer.ts';
import { createSlashCommandListener } from './slash-command-answer.ts';
import { UserProfileCache } from './user-profile-cache.ts';
import { asCodedError, CodedError } from '../../src/errors.ts';

export type SlackConfig = NonNullable<Config['slack']>;

/** What the Slack adapter takes besides the inputs every adapter gets. */
export interface SlackAdapterExtras {
  /** Signed requests already handled, shared across replicas (over HTTP only). */
  replayGuard: ReplayGuard;
  /** Retries for calls made while answering a person (chat.update, views.publish…): a 429 is waited
   *  out for its Retry-After, then retried. Proactive sends never retry here (the scheduler does). */
  interactiveRetry?: webApi.RetryOptions;
  /** The coach's database: where installs live in OAuth mode ("Add to Slack"). */
  db?: Db;
  /** Pauses and resumes a workspace's work when the app is uninstalled or installed again. */
  workspaces?: WorkspaceLifecycle;
}

export const SLACK_EVENTS_PATH = '/slack/events';
/** How long stop() waits for acked work to finish: well inside a typical 10 s orchestrator grace period. */
const STOP_DRAIN_MS = 3_500;

const DEFAULT_INTERACTIVE_RETRY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };

export function createSlackAdapter(inputs: AdapterInputs<SlackConfig>, extras: SlackAdapterExtras): PlatformAdapter {
  const { config: slack, coach, addressBook, clock, metrics } = inputs;
  const options = { ...extras, logger: inputs.logger };
  const logger = options.logger.child({ platform: 'slack' });
  const boltLogger = toBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: withSlash(slack.apiUrl) } : {}),
    logger: boltLogger,
    retryConfig: options.interactiveRetry ?? DEFAULT_INTERACTIVE_RETRY,
  };
  // Lazy: no sockets, no clients with side effects until mount()/start().
  let bolt: App | undefined;
  let profiles: UserProfileCache | undefined;
  let messengerImpl: Required<Messenger> | undefined;
  const recentEvents = new RecentIds();
  const inFlight = new InFlight();

  // OAuth mode: each workspace's token comes from its install in the store; otherwise the one bot token.
  let oauth: SlackOAuth | undefined;
  if (slack.oauth) {
    if (!options.db || !options.workspaces) throw new CodedError('INTERNAL', 'The Slack adapter needs the store (db, workspaces) for "Add to Slack".');
    oauth = createSlackOAuth({
      oauth: slack.oauth,
      db: options.db,
      clock,
      logger,
      ...(slack.apiUrl ? { apiUrl: withSlash(slack.apiUrl) } : {}),
      workspaces: options.workspaces,
      messenger: () => messenger,
      track: (work) => inFlight.track(work),
    });
  }
  const singleToken = slack.botToken;
  const tokenFor = async (workspaceId: string): Promise<string> => {
    if (oauth) return oauth.installations.tokenFor(workspaceId);
    if (!singleToken) throw new CodedError('INTERNAL', 'Slack has neither a bot token nor OAuth configured');
    return singleToken;
  };

  const { proactiveClient, jsonCaller } = createWorkspaceClients({ tokenFor, clientOptions, ...(slack.apiUrl ? { apiUrl: withSlash(slack.apiUrl) } : {}), metrics });
  const profileCache = (): UserProfileCache => {
    profiles ??= new UserProfileCache({ clientFor: proactiveClient, clock, logger });
    return profiles;
  };

  /** A workspace the coach can no longer reach: its install goes, and so does its scheduled work. */
  const loseWorkspace = async (teamIds: readonly string[], reason: 'uninstalled' | 'token_failed'): Promise<void> => {
    for (const teamId of teamIds) await options.workspaces?.lost('slack', teamId, reason);
  };
  const onTokenRejected = oauth
    ? async (workspaceId: string, reason: 'uninstalled' | 'token_failed') => {
        const removed = await oauth.installations.removeFor(workspaceId);
        if (reason === 'token_failed') logger.error('slack token refused: the workspace is parked until someone adds the app again', { workspaceId, install: removed?.installKey });
        await loseWorkspace(removed?.teamIds.length ? removed.teamIds : [workspaceId], reason);
      }
    : undefined;

  const messenger: Messenger = {
    post: (to, msg, opts) => messengerFor().post(to, msg, opts),
    dm: (user, msg, opts) => messengerFor().dm(user, msg, opts),
    upload: (to, file, comment) => messengerFor().upload(to, file, comment),
  };
  const messengerFor = (): Required<Messenger> => {
    messengerImpl ??= createSlackMessenger({ callFor: jsonCaller, clientFor: proactiveClient, addressBook, ...(onTokenRejected ? { onTokenRejected } : {}) });
    return messengerImpl;
  };

  // convoStore: false — Bolt's per-conversation memory is unused here and costs time on every request.
  const build = (receiver?: ExpressReceiver): App => {
    // With OAuth there is no token here: Bolt authorizes each request from the installation store.
    const app = receiver
      ? new App({ ...(singleToken ? { token: singleToken } : {}), receiver, clientOptions, logger: boltLogger, deferInitialization: true, convoStore: false })
      : new App({
          token: singleToken,
          appToken: slack.appToken,
          socketMode: true,
          clientOptions,
          logger: boltLogger,
          deferInitialization: true,
          convoStore: false,
        });
    countCalls(app.client, metrics);
    wire(app);
    return app;
  };

  /** A listener whose work stop() waits for. */
  const tracked =
    <Args>(listener: (args: Args) => Promise<void>) =>
    (args: Args): Promise<void> =>
      inFlight.track(listener(args));

  const wire = (app: App): void => {
    // The one error boundary: log the code with context, never show a person a stack trace. (Bolt
    // acks before the coach answers, and the Coach already answered in words, so nothing is said here.)
    app.error((caught) => {
      const error = asCodedError(caught);
      logger.error('slack handler failed', { code: error.code, error: { name: caught.name, message: caught.message, boltCode: (caught as { code?: string }).code } });
      return Promise.resolve();
    });

    // One listener per kind of request (commands, buttons, events), each dispatching by name: Bolt runs
    // every listener's middleware for every request, so eight listeners cost each command eight
    // middleware chains where three will do. Each listener's work, including what it does after the
    // ack, is tracked so stop() can wait for it (a listener, not a global middleware: one chain less).
    app.command(oneOf(slashCommandNames(coach.commandNames()).map((name) => `/${name}`)), tracked(createSlashCommandListener({ coach, clock, metrics, profiles: profileCache })));

    app.action(/.+/, tracked<SlackActionMiddlewareArgs & AllMiddlewareArgs>(async ({ ack, body, action, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !('action_id' in action)) return;
      const payload = body as unknown as BlockActionPayload;
      const teamId = payload.team?.id ?? payload.user.team_id ?? '';
      const profile = await profileCache().lookup(teamId, payload.user.id);
      const value = actionValue(action, PICKER_BLOCK_PREFIX);
      const inbound = fromBlockAction(payload, { action_id: action.action_id, value }, profile, clock.now());
      const container = buttonContainer(payload);
      const answers = await coach.handle(inbound);
      for (const answer of answers) await deliverButtonAnswer(client, respond, container, inbound.from, answer);
      // Buttons on the Home tab change what it shows: publish it again.
      if (container.kind === 'home') await publishHome(client, inbound.from);
    }));

    type EventArgs = { event: unknown; teamId: string; eventId: string; botUserId?: string; client: webApi.WebClient; enterpriseId?: string; isEnterpriseInstall?: boolean };
    /** The app was removed (or its bot token revoked): that install goes, and its workspaces' scheduled work stops. */
    const uninstalled = async ({ teamId, enterpriseId, isEnterpriseInstall }: EventArgs): Promise<void> => {
      const removed = oauth ? await oauth.installations.remove({ teamId, ...(enterpriseId ? { enterpriseId } : {}), isEnterpriseInstall: Boolean(isEnterpriseInstall) }) : undefined;
      await loseWorkspace(removed?.teamIds.length ? removed.teamIds : [teamId], 'uninstalled');
    };
    const eventHandlers: Record<string, (args: EventArgs) => Promise<void>> = {
      // Bolt does not handle these two for you (bolt-js #1203), and skips authorize for them.
      app_uninstalled: uninstalled,
      tokens_revoked: async (args) => {
        const revoked = args.event as { tokens?: { bot?: string[] } };
        if (revoked.tokens?.bot?.length) await uninstalled(args);
      },
      reaction_added: async ({ event, teamId, eventId }) => {
        const inbound = fromReaction(teamId, eventId, event as ReactionEventPayload, clock.now());
        if (inbound) await handleQuietly(inbound);
      },
      reaction_removed: async ({ event, teamId, eventId }) => {
        const inbound = fromReaction(teamId, eventId, event as ReactionEventPayload, clock.now());
        if (inbound) await handleQuietly(inbound);
      },
      message: async ({ event, teamId, eventId }) => {
        const inbound = fromThreadReply(teamId, eventId, event as MessageEventPayload, clock.now());
        if (inbound) await handleQuietly(inbound);
      },
      member_joined_channel: async ({ event, teamId, botUserId }) => {
        const joined = event as MemberJoinedPayload;
        // Only the coach's own arrival matters: it says hello once (the core keeps that promise).
        if (!botUserId || joined.user !== botUserId) return;
        await handleQuietly(fromBotJoined(teamId, joined, clock.now()));
      },
      user_status_changed: async ({ event, teamId }) => {
        const inbound = fromUserStatus(teamId, event as UserStatusPayload, clock.now());
        if (inbound) await handleQuietly(inbound);
      },
      user_change: async ({ event, teamId }) => {
        const inbound = fromUserStatus(teamId, event as UserStatusPayload, clock.now());
        if (inbound) await handleQuietly(inbound);
      },
      app_home_opened: async ({ event, teamId, client }) => {
        const opened = event as { user: string; tab?: string };
        if (opened.tab && opened.tab !== 'home') return;
        const profile = await profileCache().lookup(teamId, opened.user);
        await publishHome(client, { platform: 'slack', workspaceId: teamId, userId: opened.user, ...withoutUndefined(profile) });
      },
    };
    const declared = Object.keys(HANDLED_EVENTS);
    const registered = Object.keys(eventHandlers);
    if (registered.length !== declared.length || registered.some((e) => !declared.includes(e))) {
      throw new CodedError('INTERNAL', 'slack-app-spec HANDLED_EVENTS is out of date with the adapter');
    }

    app.event(oneOf(registered), tracked<SlackEventMiddlewareArgs & AllMiddlewareArgs>(async ({ event, body, context, client }) => {
      const handle = eventHandlers[event.type];
      if (!handle) return;
      const envelope = body as { event_id?: string; team_id?: string };
      const eventId = envelope.event_id ?? '';
      if (eventId && !recentEvents.firstTime(eventId)) {
        logger.debug('duplicate slack event ignored', { type: event.type });
        return;
      }
      await handle({
        event,
        teamId: envelope.team_id ?? context.teamId ?? '',
        eventId,
        botUserId: context.botUserId,
        client,
        ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
        isEnterpriseInstall: context.isEnterpriseInstall,
      });
    }));
  };

  /** Events answer nothing to a person; anything the core says in the channel is posted there. */
  const handleQuietly = async (inbound: Inbound): Promise<void> => {
    const answers = await coach.handle(inbound);
    for (const answer of answers) {
      if (answer.visibility === 'channel') await messenger.post(inbound.address, answer);
    }
  };

  const publishHome = async (client: webApi.WebClient, actor: Actor): Promise<void> => {
    const blocks = await coach.home(actor);
    await client.views.publish({ user_id: actor.userId, view: toHomeView(blocks) as never });
  };

  return {
    platform: 'slack',
    messenger,
    mount(expressApp: Express) {
      if (slack.appToken) return; // Socket Mode: Slack reaches us over a WebSocket, no route needed.
      // Bolt reads the whole body with no size limit before it checks the signature: cap it first,
      // and hand Bolt the bytes as `rawBody` (which its receiver reads instead of the stream).
      expressApp.use(
        SLACK_EVENTS_PATH,
        express.raw({ type: () => true, limit: MAX_BODY_BYTES }),
        keepRawBody,
        refuseUnreadableBody,
        refuseReplays(slack.signingSecret, options.replayGuard, logger),
        refuseMalformedPayloads(logger),
      );
      const receiver = new ExpressReceiver({
        signingSecret: slack.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        app: expressApp,
        logger: boltLogger,
        // "Add to Slack": GET /slack/install and /slack/oauth_redirect, served by Bolt's installer.
        ...(oauth ? oauth.receiverOptions : {}),
      });
      bolt = build(receiver);
    },
    async start() {
      if (slack.appToken) {
        bolt = build();
        await bolt.init(); // auth.test
        await bolt.start();
      } else {
        if (!bolt) throw new CodedError('INTERNAL', 'The Slack adapter must be mounted on the HTTP server before start().');
        await bolt.init(); // auth.test (one token): fails fast on a wrong token or API URL
      }
      logger.info('slack adapter ready', { mode: slack.appToken ? 'socket' : 'http', path: slack.appToken ? undefined : SLACK_EVENTS_PATH, ...(oauth ? { install: '/slack/install' } : {}) });
    },
    async stop() {
      if (slack.appToken && bolt) await bolt.stop();
      // Answers still on their way (acked, not yet sent via response_url) go out before the db closes.
      if (!(await inFlight.drain(STOP_DRAIN_MS))) logger.warn('stopped with slack work still running', { count: inFlight.size });
    },
  };
}

/** A pattern matching exactly these names (Bolt matches commands and event types by RegExp too). */
function oneOf(names: readonly string[]): RegExp {
  return new RegExp(`^(?:${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
