// When a platform refuses an address for good (a Slack channel archived, the coach removed from
// it, a deactivated account; Teams: the app is not installed for that person or team), retrying
// forever helps nobody and people silently miss their posts and reminders. The delivery watch
// (delivery-watch.ts) reports it once per address; this says what happened and what to do, to
// whoever subscribed the channel, else the workspace's managers, else the lead channel.

import type { Config } from '../config.ts';
import type { UndeliverableReason } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Actor, Address, Messenger, Platform } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { privateMessage } from './messages.ts';
import { listManagers } from './roles.ts';

export interface DeliveryProblem {
  platform: Platform;
  workspaceId: string;
  reason: UndeliverableReason;
  /** Only what the team already knows: a display name, a channel label. */
  who: { kind: 'user'; userId: string; name?: string } | { kind: 'channel'; key: string; label?: string };
  /** The channel's schedule was paused because of it (channels only). */
  paused?: boolean;
  /** Who subscribed the channel: told first, since they set it up. */
  subscriberId?: string;
}

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', console: 'the console' };

/** How a person restarts a channel's posts, in the platform's own words. */
const subscribeHint = (platform: Platform) => (platform === 'teams' ? '`coach subscribe`' : '`/coach subscribe`');

const LEFT_TEAM = "If they've left the team, someone else should take over their open callbacks.";

export function describeDeliveryProblem(problem: DeliveryProblem): string {
  const where = PLATFORM_NAMES[problem.platform];
  if (problem.who.kind === 'user') {
    const name = problem.who.name ?? 'someone on your team';
    const missing = "so their reminders aren't getting through.";
    switch (problem.reason) {
      case 'not_installed':
        return (
          `I can't reach ${name} in ${where}: the app isn't installed for them, so their reminders aren't getting through. ` +
          `Ask them to add Service Coach (Apps → Built for your org), or add it for them; I'll pick up again as soon as they do.`
        );
      case 'deactivated':
        return `I can't reach ${name} in ${where}: their account was deactivated, ${missing} ${LEFT_TEAM}`;
      case 'not_found':
        return `I can't reach ${name} in ${where}: their account no longer exists, ${missing} ${LEFT_TEAM}`;
      default:
        return `I can't reach ${name} in ${where}: ${where} won't let me message them, ${missing}`;
    }
  }
  const label = problem.who.label ?? 'one of your channels';
  const paused = problem.paused ? " I've paused its daily posts;" : '';
  const restart = (how: string) => (paused ? `${paused} ${how}.` : '');
  const subscribe = `${subscribeHint(problem.platform)} in a channel restarts them`;
  switch (problem.reason) {
    case 'archived':
      return `I can't post in ${label} in ${where} any more: it was archived.${restart(subscribe)}`;
    case 'removed':
      return `I can't post in ${label} in ${where} any more: I was removed from it.${restart('invite me back and they start again')}`;
    case 'not_found':
      return `I can't find ${label} in ${where} any more: it was deleted, or it's private and I'm not in it.${restart(subscribe)}`;
    case 'not_installed':
      return `I can't post in ${label} in ${where} any more: the app was removed from that team.${restart('add Service Coach back to the team to restart them')}`;
    default:
      return `I can't post in ${label} in ${where} any more: ${where} refuses my messages there.${restart(subscribe)}`;
  }
}

/**
 * Tells the people who can fix it. Never throws: a report that fails is only logged. Sends go
 * through `messenger` as given (the delivery watch passes the unwatched one, so a report that
 * fails is not itself reported).
 */
export function createDeliveryProblemReporter(deps: { db: Db; config: Config; messenger: Messenger; logger: Logger }) {
  const tell = async (target: Actor | Address, text: string): Promise<boolean> => {
    try {
      const msg = { ...privateMessage(text), visibility: 'channel' as const };
      if ('userId' in target) await deps.messenger.dm(target, msg);
      else await deps.messenger.post(target, msg);
      return true;
    } catch (error) {
      deps.logger.warn('could not tell someone about an undeliverable address', { platform: target.platform, workspaceId: target.workspaceId, error: (error as Error)?.message });
      return false;
    }
  };
  return async (problem: DeliveryProblem): Promise<void> => {
    try {
      const text = describeDeliveryProblem(problem);
      const { platform, workspaceId } = problem;
      if (problem.subscriberId && (await tell({ platform, workspaceId, userId: problem.subscriberId }, text))) return;
      const unreachable = problem.who.kind === 'user' ? problem.who.userId : undefined;
      const managers = (await listManagers(deps.db, deps.config, platform, workspaceId)).filter((m) => m.userId !== unreachable && m.userId !== problem.subscriberId);
      const leadChannel = deps.config.leadChannel;
      const targets: (Actor | Address)[] = managers.length ? managers : leadChannel && !(problem.who.kind === 'channel' && problem.who.key === leadChannel) ? [{ platform, workspaceId, key: leadChannel }] : [];
      if (targets.length === 0) {
        deps.logger.warn('undeliverable address and nobody to tell', { platform, workspaceId, kind: problem.who.kind, reason: problem.reason });
        return;
      }
      for (const target of targets) await tell(target, text);
    } catch (error) {
      deps.logger.error('could not report an undeliverable address', { platform: problem.platform, workspaceId: problem.workspaceId, error });
    }
  };
}
