// Erasure on request: `/coach forget @person` (managers) asks to confirm with buttons, then removes
// that person's name, profile and promise texts everywhere. Their acknowledgements, replies and
// promise outcomes stay, counted under a random anonymous id, so the team's totals do not change;
// the audit log records that an erasure happened, without saying whose.

import crypto from 'node:crypto';
import type { Outbound } from '../ports.ts';
import { recordAudit } from '../store/audit-repo.ts';
import { ANONYMOUS_PREFIX, erasePerson } from '../store/erase-person.ts';
import type { CoachDeps } from './deps.ts';
import type { ActionInbound, CommandInbound, Feature } from './feature.ts';
import { mention, parseUserMention } from './mentions.ts';
import { privateMessage, problem } from './messages.ts';
import { isManager } from './roles.ts';

export const FORGET_ACTION = 'privacy.forget';
export const KEEP_ACTION = 'privacy.keep';
const FORGET_EXAMPLE = '/coach forget @sam';

export function createForgetFeature(deps: CoachDeps): Feature {
  const { db, clock, config, logger } = deps;
  const managersOnly = () => privateMessage('Only a manager can erase someone’s data. Ask one of your team leads.');

  const forget = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    if (!(await isManager(db, config, from))) return [managersOnly()];
    const tokens = args.split(/\s+/).filter(Boolean);
    const userId = tokens.length === 1 ? parseUserMention(tokens[0] as string, from.platform) : undefined;
    if (!userId) return [problem('Mention the one person whose data should be erased, like @sam.', FORGET_EXAMPLE)];
    const text =
      `Forget ${mention(userId)}? This erases their name, profile and the texts of their callback promises for good. ` +
      'Their numbers stay in the team’s totals, counted anonymously. This can’t be undone.';
    return [
      privateMessage(text, [
        { type: 'text', text },
        {
          type: 'actions',
          buttons: [
            { actionId: FORGET_ACTION, label: 'Forget them', value: userId, style: 'danger' },
            { actionId: KEEP_ACTION, label: 'Keep', value: userId },
          ],
        },
      ]),
    ];
  };

  const confirm = async (action: ActionInbound): Promise<Outbound[]> => {
    const { from } = action;
    if (!(await isManager(db, config, from))) return [managersOnly()];
    const userId = action.value;
    if (!userId) return [privateMessage('That button is from an older version of the coach; nothing was erased. Try `/coach forget @name` again.')];
    const now = clock.now();
    const anonymousId = `${ANONYMOUS_PREFIX}${crypto.randomUUID()}`;
    // The audit row says who asked and when, but not whose data: its subject is the anonymous id.
    const erased = await erasePerson(db, { platform: from.platform, workspaceId: from.workspaceId, userId }, anonymousId, now, (trx) =>
      recordAudit(trx, { platform: from.platform, workspaceId: from.workspaceId, actorId: from.userId === userId ? anonymousId : from.userId, at: now, action: 'forget', subject: anonymousId, before: null, after: null }),
    );
    logger.info('erased a person on request', { platform: from.platform, workspaceId: from.workspaceId, promises: erased.promises, participation: erased.participation });
    const text = `Done. ${mention(userId)}’s name, profile and promise texts are erased. Their numbers stay in the team’s totals, anonymously.`;
    return [{ ...privateMessage(text), replaceOriginal: true }];
  };

  const keep = (action: ActionInbound): Promise<Outbound[]> =>
    Promise.resolve([{ ...privateMessage(`Kept: nothing about ${action.value ? mention(action.value) : 'them'} was erased.`), replaceOriginal: true }]);

  return {
    name: 'forget',
    coachCommands: { forget },
    actions: { [FORGET_ACTION]: confirm, [KEEP_ACTION]: keep },
    help: {
      topic: 'managers',
      entries: [
        {
          usage: '/coach forget @person',
          description: 'For managers: erase someone’s name, profile and promise texts on request (I ask you to confirm). Their numbers stay in the team’s totals, anonymously.',
          example: FORGET_EXAMPLE,
        },
      ],
    },
  };
}
