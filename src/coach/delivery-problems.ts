// When a platform refuses an address for good (Teams: the app is not installed for that person
// or team), retrying forever helps nobody and the person silently misses their reminders. The
// adapter reports it once per address (when it first marks it undeliverable); this tells the
// workspace's managers, who can install the app for them.

import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Actor, Address, Messenger, Platform } from '../ports.ts';
import type { Db } from '../store/open-store.ts';
import { privateMessage } from './messages.ts';
import { userText } from './user-text.ts';
import { listManagers } from './roles.ts';

export interface DeliveryProblem {
  platform: Platform;
  workspaceId: string;
  /** Only what the team already knows: a display name, a channel label. */
  who: { kind: 'user'; userId: string; name?: string } | { kind: 'channel'; key: string; label?: string };
}

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', console: 'the console' };

export function describeDeliveryProblem(problem: DeliveryProblem): string {
  const where = PLATFORM_NAMES[problem.platform];
  if (problem.who.kind === 'user') {
    const name = problem.who.name ? userText(problem.who.name) : 'someone on your team';
    return (
      `I can't reach ${name} in ${where}: the app isn't installed for them, so their reminders aren't getting through. ` +
      `Ask them to add Service Coach (Apps → Built for your org), or add it for them; I'll pick up again as soon as they do.`
    );
  }
  const label = problem.who.label ? userText(problem.who.label) : 'one of your channels';
  return `I can't post in ${label} in ${where} any more: the app was removed from that team. Add Service Coach back to the team to restart its daily posts.`;
}

/** Builds the callback main.ts hands to adapters. Never throws: a report that fails is only logged. */
export function createDeliveryProblemReporter(deps: { db: Db; config: Config; messenger: Messenger; logger: Logger }) {
  return async (problem: DeliveryProblem): Promise<void> => {
    const text = describeDeliveryProblem(problem);
    const unreachable = problem.who.kind === 'user' ? problem.who.userId : undefined;
    const managers = (await listManagers(deps.db, deps.config, problem.platform, problem.workspaceId)).filter((m) => m.userId !== unreachable);
    const targets: (Actor | Address)[] = managers.length
      ? managers
      : deps.config.leadChannel
        ? [{ platform: problem.platform, workspaceId: problem.workspaceId, key: deps.config.leadChannel }]
        : [];
    if (targets.length === 0) {
      deps.logger.warn('undeliverable address and no manager to tell', { platform: problem.platform, workspaceId: problem.workspaceId, kind: problem.who.kind });
      return;
    }
    for (const target of targets) {
      try {
        const msg = { ...privateMessage(text), visibility: 'channel' as const };
        if ('userId' in target) await deps.messenger.dm(target, msg);
        else await deps.messenger.post(target, msg);
      } catch (error) {
        deps.logger.warn('could not tell a manager about an undeliverable address', { platform: problem.platform, workspaceId: problem.workspaceId, error });
      }
    }
  };
}
