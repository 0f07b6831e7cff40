// The Coach routes neutral Inbound events to features and returns neutral answers. It is the
// whole platform-neutral bot: adapters call handle(), the scheduler calls the job handlers.

import { asCodedError, CodedError } from '../errors.ts';
import { errorWords } from '../error-words.ts';
import type { Actor, Block, Inbound, Outbound } from '../ports.ts';
import { rememberPerson } from '../store/people-repo.ts';
import type { Scheduler } from '../scheduler.ts';
import type { CoachDeps } from './deps.ts';
import type { ActionHandler, CommandHandler, Feature } from './feature.ts';
import { Help } from './help.ts';
import { echo, privateMessage, problem } from './messages.ts';
import { createPrinciplesFeature } from './principles-feature.ts';
import { createPromisesFeature } from './promises/promises-feature.ts';
import { closestWord } from './suggest.ts';
import { createWelcomeFeature } from './welcome-feature.ts';
import { createDiscussionsFeature } from './discussions/discussions-feature.ts';
import { createStatsFeature } from './stats/stats-feature.ts';
import { userText } from './user-text.ts';
import { createManagersFeature } from './managers-feature.ts';
import { createAuditFeature } from './audit-feature.ts';
import { createForgetFeature } from './forget-feature.ts';
import { createHolidaysFeature } from './holidays-feature.ts';
import { createHoursFeature } from './hours-feature.ts';
import { createHandoverFeature } from './promises/handover-feature.ts';
import { createAwayFeature } from './promises/away-feature.ts';

export type FeatureFactory = (deps: CoachDeps) => Feature;

/** Every feature of the coach, in the order their commands appear within a help topic. */
export const FEATURES: readonly FeatureFactory[] = [
  createPrinciplesFeature,
  createWelcomeFeature,
  createPromisesFeature,
  createHandoverFeature,
  createAwayFeature,
  createDiscussionsFeature,
  createHolidaysFeature,
  createHoursFeature,
  createStatsFeature,
  createManagersFeature,
  createAuditFeature,
  createForgetFeature,
];

export class Coach {
  private readonly features: Feature[];
  private readonly coachCommands = new Map<string, CommandHandler>();
  private readonly commands = new Map<string, CommandHandler>();
  private readonly actions = new Map<string, ActionHandler>();
  private readonly deps: CoachDeps;

  constructor(deps: CoachDeps, factories: readonly FeatureFactory[] = FEATURES) {
    this.deps = deps;
    this.features = factories.map((make) => make(deps));
    for (const feature of this.features) {
      addAll(this.coachCommands, feature.coachCommands, `/coach subcommand`);
      addAll(this.commands, feature.commands, 'command');
      addAll(this.actions, feature.actions, 'action');
    }
    const help = new Help(this.features.flatMap((f) => (f.help ? [f.help] : [])));
    this.coachCommands.set('help', (_command, args) => Promise.resolve([help.answer(args)]));
  }

  /** The slash commands the coach answers (adapters and manifests declare exactly these). */
  commandNames(): string[] {
    return ['coach', ...this.commands.keys()];
  }

  actionIds(): string[] {
    return [...this.actions.keys()];
  }

  registerJobs(scheduler: Scheduler): void {
    for (const feature of this.features) {
      for (const [kind, handler] of Object.entries(feature.jobs ?? {})) scheduler.register(kind, handler);
    }
  }

  async start(): Promise<void> {
    for (const feature of this.features) await feature.onStart?.();
  }

  /** Handle one inbound event. Never throws: an unexpected error becomes a friendly private answer. */
  async handle(inbound: Inbound): Promise<Outbound[]> {
    try {
      return await this.route(inbound);
    } catch (caught) {
      // The Coach's one error boundary: whatever failed, log its code with context, answer in words.
      const error = asCodedError(caught);
      this.deps.logger.error('handling failed', {
        code: error.code,
        kind: inbound.kind,
        platform: inbound.from.platform,
        workspaceId: inbound.from.workspaceId,
        ...(inbound.kind === 'command' ? { command: inbound.command } : inbound.kind === 'action' ? { actionId: inbound.actionId } : {}),
        error,
      });
      return [privateMessage(errorWords(error))];
    }
  }

  /** A person's home view (Slack App Home tab): each feature's section, divided. */
  async home(actor: Actor): Promise<Block[]> {
    const blocks: Block[] = [{ type: 'header', text: `Hi${actor.name ? ` ${userText(actor.name)}` : ''} 👋 Here is your service coach.` }];
    for (const feature of this.features) {
      const section = await feature.homeSection?.(actor);
      if (section?.length) blocks.push({ type: 'divider' }, ...section);
    }
    blocks.push({ type: 'divider' }, { type: 'context', text: 'Type `/coach help` in any channel to see every command.' });
    return blocks;
  }

  private async route(inbound: Inbound): Promise<Outbound[]> {
    if (inbound.kind === 'command' || inbound.kind === 'action') {
      // What every command and button press does, around the feature that answers it: the coach
      // knows who spoke (name, zone, admin flag) first; each feature's own hook (a manager's digest)
      // runs after, so it sees what the command changed (a team's new work days).
      await rememberPerson(this.deps.db, inbound.from, this.deps.clock.now());
      const answers = await this.dispatch(inbound);
      for (const feature of this.features) await feature.onInbound?.(inbound);
      return answers;
    }
    return this.dispatch(inbound);
  }

  private async dispatch(inbound: Inbound): Promise<Outbound[]> {
    switch (inbound.kind) {
      case 'command': {
        const name = inbound.command.replace(/^\//, '').toLowerCase();
        const text = inbound.text.trim();
        if (name === 'coach') {
          const [first = 'help', ...rest] = text.split(/\s+/).filter(Boolean);
          const sub = first.toLowerCase();
          const handler = this.coachCommands.get(sub);
          if (!handler) {
            const guess = closestWord(sub, [...this.coachCommands.keys()]);
            return [problem(`I don't know \`/coach ${echo(first)}\`.${guess ? ` Did you mean \`/coach ${guess}\`?` : ''} \`/coach help\` lists everything.`, `/coach ${guess ?? 'today'}`)];
          }
          return handler(inbound, rest.join(' '));
        }
        const handler = this.commands.get(name);
        if (!handler) return [problem(`I don't know the command \`/${echo(name)}\`.`, '/coach help')];
        return handler(inbound, text);
      }
      case 'action': {
        const handler = this.actions.get(inbound.actionId);
        if (!handler) return [privateMessage('That button no longer does anything. `/coach help` shows what you can do.')];
        return handler(inbound);
      }
      default: {
        for (const feature of this.features) await feature.onEvent?.(inbound);
        return [];
      }
    }
  }
}

function addAll<T>(target: Map<string, T>, source: Record<string, T> | undefined, what: string): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (target.has(key)) throw new CodedError('INTERNAL', `Two features define the same ${what} "${key}".`);
    target.set(key, value);
  }
}
