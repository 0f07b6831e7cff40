// Microsoft Teams through botbuilder's CloudAdapter (botbuilder is in maintenance mode; its
// successor is @microsoft/agents-hosting — keep every botbuilder import inside adapters/teams/).
//
// POST /api/messages on the shared HTTP server. With an app id, the CloudAdapter checks the Bot
// Framework JWT on every request and answers 401 without one; with none (TEAMS_ENABLED=true) it
// runs unauthenticated for the Bot Framework Emulator and loopback tests.
//
// Differences from Slack worth knowing: Teams has no ephemeral messages in channels, so a
// "private" answer to a command is a reply in the same conversation (in a personal chat it is
// private anyway), and a private answer to a button pressed in a channel goes to the presser's
// personal chat (opened if needed); commands are plain messages (`coach today`, `/coach today`), which a channel
// only delivers when they @mention the bot.

import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { CoachApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { Actor, Inbound, Outbound } from '../../src/ports.ts';
import type { AdapterInputs, PlatformAdapter } from '../platform-adapter.ts';
import { classifyConnectorError } from './connector-errors.ts';
import { ConversationReferences } from './conversation-references.ts';
import { fromTeamsActivity, isPersonal, tenantOf } from './from-teams.ts';
import { createSendLimiter, type SendLimiter } from './send-limiter.ts';
import { createTeamsMessenger } from './teams-messenger.ts';
import { toTeamsActivity } from './to-adaptive-card.ts';
import { asCodedError } from '../../src/errors.ts';
import { errorWords } from '../../src/error-words.ts';

/** The Bot Framework public-cloud audience for the bot's outbound tokens. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export interface TeamsAdapterOptions {
  /** Tests pass a limiter with an injected clock; the default paces at Teams' documented limits. */
  limiter?: SendLimiter;
  /** Where the Bot Framework's token-signing keys are published (tests: a loopback server). */
  openIdMetadataUrl?: string;
  /** Teams' 50 requests per second per app per tenant, shared by every replica through the store. */
  sendBudget?: CoachApp['sendBudget'];
}

export type TeamsConfig = NonNullable<Config['teams']>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const isLoopbackHost = (host: string) => LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
const isLoopbackPeer = (address: string | undefined) => address !== undefined && (address === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(address));

/**
 * Without an app id nothing is authenticated, so anyone could make the bot POST to a serviceUrl of
 * their choosing (the CloudAdapter replies there). Only a loopback serviceUrl is accepted, and only
 * a caller on this machine unless the operator opted in (TEAMS_EMULATOR_ALLOW_REMOTE).
 */
function refuseInEmulatorMode(req: Request, allowRemote: boolean): string | undefined {
  if (!allowRemote && !isLoopbackPeer(req.socket.remoteAddress)) return 'caller is not on this machine';
  const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  if (typeof serviceUrl !== 'string') return 'no serviceUrl';
  try {
    if (!isLoopbackHost(new URL(serviceUrl).hostname)) return 'serviceUrl is not on this machine';
  } catch {
    return 'serviceUrl is not a URL';
  }
  return undefined;
}

/** A body that is not JSON (or too large): a bare status, never the parser's message. */
function refuseUnreadableBody(error: { status?: number }, _req: Request, res: Response, _next: NextFunction): void {
  res.status(error.status === 413 ? 413 : 400).end();
}

/** Built from Config only: botbuilder must not read process.env behind our back. */
export function createBotFrameworkAuthentication(teams: TeamsConfig, openIdMetadataUrl?: string): ConfigurationBotFrameworkAuthentication {
  const settings = {
    ...(openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl } : {}),
    ...(teams.appId ? { MicrosoftAppId: teams.appId } : {}),
    ...(teams.appPassword ? { MicrosoftAppPassword: teams.appPassword } : {}),
    ...(teams.tenantId ? { MicrosoftAppTenantId: teams.tenantId } : {}),
    MicrosoftAppType: teams.appId ? teams.appType : 'MultiTenant',
  };
  return new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings));
}

export function createTeamsAdapter(inputs: AdapterInputs<TeamsConfig>, options: TeamsAdapterOptions = {}): PlatformAdapter {
  const app = inputs;
  const teams = inputs.config;
  const logger = app.logger.child({ platform: 'teams' });
  const appId = teams.appId ?? '';
  const sendBudget = options.sendBudget;
  // Teams' 50 requests per second per app per tenant is shared by every replica (through the store).
  const limiter = options.limiter ?? createSendLimiter(sendBudget ? { sharedTenantBudget: (tenant) => sendBudget.take('teams', tenant, 50) } : {});
  const references = new ConversationReferences(app.addressBook);
  let accepting = true;
  const emulator = !teams.appId;

  // Constructing these does no I/O (tokens are fetched on the first send), so no start() needed.
  const adapter = new CloudAdapter(createBotFrameworkAuthentication(teams, options.openIdMetadataUrl));
  const metrics = inputs.metrics;
  if (metrics) {
    // Every turn, replies and proactive sends alike, passes the adapter's middleware: count its connector calls there.
    adapter.use(async (context, next) => {
      const counted = async <T>(method: string, send: () => Promise<T>): Promise<T> => {
        try {
          const result = await send();
          metrics.countApiCall('teams', method, 'ok');
          return result;
        } catch (error) {
          metrics.countApiCall('teams', method, String(classifyConnectorError(error).status ?? 'error'));
          throw error;
        }
      };
      context.onSendActivities((_ctx, _activities, send) => counted('sendActivities', send));
      context.onUpdateActivity((_ctx, _activity, send) => counted('updateActivity', send));
      await next();
    });
  }
  // The one error boundary: log the code with context, tell the person the words for it.
  adapter.onTurnError = async (context, caught) => {
    const error = asCodedError(caught);
    logger.error('teams turn failed', { code: error.code, activityType: context.activity.type, workspaceId: tenantOf(context.activity), error: caught });
    try {
      await context.sendActivity(errorWords(error));
    } catch {
      // The connector itself is failing; the log above is all we can do.
    }
  };
  // The turn itself. fromTeamsActivity already sorts activities by type (messages, reactions,
  // conversation and installation updates; nothing for the rest), so botbuilder's ActivityHandler
  // would only add a dozen awaited layers per turn (~2 % of a turn's CPU in a profile). Invokes
  // still get botbuilder's 501, as they did through ActivityHandler.
  const onTurn = async (context: TurnContext) => {
    const arrived = performance.now();
    // Save where this came from on every turn, before anything can fail.
    await references.rememberTurn(context.activity);
    const inbounds = fromTeamsActivity(context.activity, { commandNames: app.coach.commandNames(), at: app.clock.now() });
    for (const inbound of inbounds) await answer(context, inbound);
    if (context.activity.type === 'message' && inbounds.length > 0) metrics?.observeTeamsMessage((performance.now() - arrived) / 1000);
  };

  /** Run the coach on one event and deliver its answers in this turn. */
  const answer = async (context: TurnContext, inbound: Inbound) => {
    const outs = await app.coach.handle(inbound);
    const tenant = tenantOf(context.activity);
    for (const out of outs) {
      if (inbound.kind === 'action' && out.visibility === 'private' && !out.replaceOriginal && !isPersonal(context.activity)) {
        // A button pressed in a channel: Teams has no ephemeral messages, and a "thanks" from every
        // person who pressed it would bury the post. Say it in their personal chat instead.
        if (await tellPrivately(inbound.from, out)) continue;
      }
      await limiter.acquire(tenant, context.activity.conversation.id);
      await deliverInTurn(context, out);
    }
  };

  const tellPrivately = async (actor: Actor, out: Outbound): Promise<boolean> => {
    try {
      await messenger.dm(actor, out);
      return true;
    } catch (error) {
      logger.info('private answer could not go to the personal chat; answering in the conversation', { workspaceId: actor.workspaceId, error: (error as Error)?.message });
      return false;
    }
  };

  const deliverInTurn = async (context: TurnContext, out: Outbound) => {
    const activity = toTeamsActivity(out);
    try {
      if (out.replaceOriginal && context.activity.replyToId) {
        // A button press: show the card's new state where the old one was.
        await context.updateActivity({ ...activity, id: context.activity.replyToId });
      } else {
        await context.sendActivity(activity);
      }
    } catch (error) {
      // The SDK pipeline already waited out Retry-After three times; past that, say so in the log.
      const failure = classifyConnectorError(error);
      logger.warn('teams reply not delivered', { workspaceId: tenantOf(context.activity), failure: failure.kind, status: failure.status });
      if (failure.kind === 'other' && failure.status === undefined) throw error;
    }
  };

  const messenger = createTeamsMessenger({
    adapter,
    appId,
    audience: BOT_FRAMEWORK_AUDIENCE,
    addressBook: app.addressBook,
    limiter,
    logger,
    references,
  });

  return {
    platform: 'teams',
    messenger,
    mount(http: Express) {
      http.post('/api/messages', express.json({ limit: '1mb' }), refuseUnreadableBody, async (req: Request, res: Response) => {
        if (!accepting) {
          res.status(503).end();
          return;
        }
        if (emulator) {
          const refusal = refuseInEmulatorMode(req, teams.emulatorAllowRemote === true);
          if (refusal) {
            logger.warn('teams activity refused (no app id: Emulator mode)', { reason: refusal });
            res.status(403).end();
            return;
          }
        }
        // The CloudAdapter answers an authentication failure it did not expect (a JWT it cannot
        // parse, OpenID metadata it cannot fetch) with a 500 carrying the error's message — a URL,
        // sometimes a stack. Nobody unauthenticated sees that: before the turn starts every failure
        // is a bare 401, and after it a bare status; the details go to the log.
        let turnStarted = false;
        const outcome: { status: number; body?: unknown } = { status: 200 };
        const shim = {
          status(code: number) {
            outcome.status = code;
            return shim;
          },
          send(body: unknown) {
            outcome.body = body;
            return shim;
          },
          end() {
            return shim;
          },
          header() {
            return shim;
          },
        };
        await adapter.process(req, shim as unknown as Response, async (context) => {
          turnStarted = true;
          await onTurn(context);
        });
        if (outcome.status < 400) {
          res.status(outcome.status);
          if (outcome.body !== undefined) res.send(outcome.body);
          res.end();
          return;
        }
        if (!turnStarted) {
          logger.warn('teams request refused: not authenticated', { status: outcome.status, reason: (typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body ?? '')).slice(0, 200) });
          res.status(outcome.status === 400 ? 400 : 401).end();
          return;
        }
        res.status(outcome.status).end();
      });
    },
    start() {
      logger.info('teams adapter ready', { authenticated: Boolean(teams.appId), endpoint: '/api/messages' });
      return Promise.resolve();
    },
    stop() {
      accepting = false;
      return Promise.resolve();
    },
  };
}
