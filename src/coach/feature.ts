// A feature is one concept of the coach (daily principles, promises, discussions, stats…). It
// contributes commands, button actions, job handlers and event listeners; the Coach routes to them.
// New behaviour is a new feature file plus one line in coach.ts, not an edit to a god object.

import type { Actor, Block, Inbound, Outbound } from '../ports.ts';
import type { JobSpec } from '../scheduler.ts';
import type { HelpTopicName } from './help-topics.ts';

export type CommandInbound = Extract<Inbound, { kind: 'command' }>;
export type ActionInbound = Extract<Inbound, { kind: 'action' }>;
export type EventInbound = Extract<Inbound, { kind: 'reaction' | 'reaction_removed' | 'reply' | 'installed' | 'status' }>;

/** `args` is the command text after the command (for `/coach`, after the subcommand), trimmed. */
export type CommandHandler = (command: CommandInbound, args: string) => Promise<Outbound[]>;
export type ActionHandler = (action: ActionInbound) => Promise<Outbound[]>;

export interface HelpEntry {
  usage: string; // '/coach subscribe [HH:MM] [zone] [weekdays|daily]'
  description: string; // one short sentence
  example: string; // '/coach subscribe 08:30 Europe/London weekdays'
}

/** A feature's commands on one page of `/coach help` (the topics are in help-topics.ts). */
export interface HelpSection {
  topic: HelpTopicName;
  entries: HelpEntry[];
}

export interface Feature {
  name: string;
  /** Subcommands of `/coach`, by their first word (`today`, `subscribe`…). */
  coachCommands?: Record<string, CommandHandler>;
  /** Whole slash commands other than `/coach`, without the slash (`promise-callback`). */
  commands?: Record<string, CommandHandler>;
  /** Button handlers by stable dotted action id (`principle.ack`). */
  actions?: Record<string, ActionHandler>;
  /** Scheduler job handlers by job kind, each with its retry policy when the default does not fit. */
  jobs?: Record<string, JobSpec>;
  /**
   * Runs after every command and button press, whichever feature answered it: what the coach does
   * whenever a person speaks to it (remember them, plan a manager's digest). Features never call
   * each other for this.
   */
  onInbound?: (inbound: CommandInbound | ActionInbound) => Promise<void>;
  /** Reactions and thread replies on the coach's posts; the coach being added to a channel. */
  onEvent?: (event: EventInbound) => Promise<void>;
  /** Runs once when the coach starts: repair schedules, catch up after downtime. */
  onStart?: () => Promise<void>;
  help?: HelpSection;
  /** This feature's section of a person's home view (Slack App Home): blocks, or none to leave it out. */
  homeSection?: (actor: Actor) => Promise<Block[]>;
}
