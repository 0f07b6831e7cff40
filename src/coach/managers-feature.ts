// Roles: managers (team leads) see everyone's numbers; everyone else sees only their own (`/coach me`,
// in stats/my-week.ts). Managers are named in COACH_MANAGERS, added here by an existing manager, or
// are workspace admins as the platform reports them.

import type { Actor, Outbound } from '../ports.ts';
import { findPerson } from '../store/people-repo.ts';
import type { CoachDeps } from './deps.ts';
import { cancelDigest, planDigest } from './digest-plan.ts';
import type { CommandInbound, Feature } from './feature.ts';
import { mention, parseUserMention } from './mentions.ts';
import { echo, privateMessage, problem } from './messages.ts';
import { addManager, isManager, managerIds, managersOnly, mentionAll, removeManager } from './roles.ts';
import { recordAudit } from '../store/audit-repo.ts';

const MANAGERS_EXAMPLE = '/coach managers add @sam';
/** Where the managers' other commands are explained. */
const MANAGER_TOOLS = 'Everything managers can do: `/coach help managers`.';


export function createManagersFeature(deps: CoachDeps): Feature {
  const { db, clock, config, logger } = deps;

  const managers = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    const now = clock.now();
    const [verb = 'list', ...rest] = args.split(/\s+/).filter(Boolean);
    const action = verb.toLowerCase();
    if (action === 'list') {
      const ids = await managerIds(deps, from.platform, from.workspaceId);
      const text = ids.length
        ? `Managers here: ${(await mentionAll(db, from, ids)).join(', ')}. They see the team's stats and get the Monday digest.`
        : 'No managers are set up yet. A workspace admin can add one with `/coach managers add @name`.';
      return [privateMessage(text, [{ type: 'text', text }, { type: 'context', text: MANAGER_TOOLS }])];
    }
    if (action !== 'add' && action !== 'remove') {
      return [problem(`\`/coach managers\` takes add, remove or list, not “${echo(verb)}”.`, MANAGERS_EXAMPLE)];
    }
    if (!await isManager(db, config, from)) return [await managersOnly(deps, from, 'Only a manager can change who manages the team.')];
    const ids = rest.map((token) => parseUserMention(token, from.platform));
    if (ids.length === 0 || ids.some((id) => id === undefined)) {
      return [problem(`Mention the person to ${action}, like @sam.`, action === 'add' ? MANAGERS_EXAMPLE : '/coach managers remove @sam')];
    }
    const answers: string[] = [];
    const audit = (userId: string, before: string, after: string) =>
      recordAudit(db, { platform: from.platform, workspaceId: from.workspaceId, actorId: from.userId, at: now, action: `managers.${action}`, subject: userId, before, after });
    for (const userId of ids as string[]) {
      if (action === 'add') {
        const added = await addManager(db, from.platform, from.workspaceId, userId, from.userId, now);
        if (added) await audit(userId, 'not a manager', 'manager');
        const person: Actor = await findPerson(db, from.platform, from.workspaceId, userId) ?? { platform: from.platform, workspaceId: from.workspaceId, userId };
        await planDigest(deps, person, now, now);
        answers.push(added ? `${mention(userId)} is now a manager: they can see team stats and get the Monday digest.` : `${mention(userId)} was already a manager.`);
      } else {
        const removed = await removeManager(db, from.platform, from.workspaceId, userId);
        if (removed) await cancelDigest(deps, from.platform, from.workspaceId, userId, now);
        if (removed) await audit(userId, 'manager', 'not a manager');
        const fromConfig = config.managers.includes(userId);
        answers.push(
          fromConfig
            ? `${mention(userId)} is named in COACH_MANAGERS, so they stay a manager until that setting changes.`
            : removed
              ? `${mention(userId)} is no longer a manager.`
              : `${mention(userId)} wasn't a manager added here, so nothing changed.`,
        );
      }
    }
    logger.info('managers changed', { platform: from.platform, workspaceId: from.workspaceId, action, count: ids.length });
    return [privateMessage(answers.join('\n'))];
  };

  return {
    name: 'managers',
    coachCommands: { managers },
    help: {
      topic: 'managers',
      entries: [
        {
          usage: '/coach managers add|remove|list [@person]',
          description: 'Who sees the team stats and gets the Monday digest. Adding or removing is for managers.',
          example: MANAGERS_EXAMPLE,
        },
      ],
    },
  };
}
