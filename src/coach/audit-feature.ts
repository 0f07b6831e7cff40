// `/coach audit [days]`: the latest changes people made to shared settings (subscriptions,
// schedules, discussion days, managers, a lead changing someone's promise, erasures), for managers.

import type { Outbound } from '../ports.ts';
import { listAudit } from '../store/audit-repo.ts';
import { describeActor, describeAuditPeriod, describeChange, MAX_AUDIT_DAYS, parseAuditDays } from './audit-words.ts';
import type { CoachDeps } from './deps.ts';
import type { CommandInbound, Feature } from './feature.ts';
import { formatWhen } from './format-time.ts';
import { echo, privateMessage, problem } from './messages.ts';
import { isManager } from './roles.ts';
import { zoneForActor } from './zones.ts';

/** Enough for a busy week; the dashboard's Audit page lists more. */
const SHOWN = 30;
const AUDIT_EXAMPLE = '/coach audit 30';

export function createAuditFeature(deps: CoachDeps): Feature {
  const { db, clock, config } = deps;

  const audit = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    if (!(await isManager(db, config, from))) {
      return [privateMessage('The audit log is for managers. Ask one of your team leads, or see your own numbers with `/coach me`.')];
    }
    const raw = args.trim();
    const days = parseAuditDays(raw);
    if (days === undefined) {
      return [problem(`Give a number of days from 1 to ${MAX_AUDIT_DAYS}, not “${echo(raw)}”.`, AUDIT_EXAMPLE)];
    }
    const now = clock.now();
    const entries = await listAudit(db, from.platform, from.workspaceId, new Date(now.getTime() - days * 86_400_000), SHOWN + 1);
    const period = describeAuditPeriod(days);
    if (entries.length === 0) return [privateMessage(`No changes to shared settings in ${period}.`)];
    const zone = await zoneForActor(db, from, command.address, config.defaultTimezone);
    const lines = entries.slice(0, SHOWN).map((e) => `• ${formatWhen(e.at, zone)} — ${describeActor(e.actorId)} ${describeChange(e)}`);
    const more = entries.length > SHOWN ? `Showing the latest ${SHOWN}; \`/coach audit 1\` narrows it to today.` : undefined;
    const title = `Changes in ${period}`;
    return [
      {
        text: [title, ...lines, ...(more ? [more] : [])].join('\n'),
        blocks: [{ type: 'header', text: title }, { type: 'text', text: lines.join('\n') }, ...(more ? [{ type: 'context' as const, text: more }] : [])],
        visibility: 'private',
      },
    ];
  };

  return {
    name: 'audit',
    coachCommands: { audit },
    help: {
      topic: 'managers',
      entries: [
        {
          usage: '/coach audit [days]',
          description: `For managers: who changed which shared setting, and from what to what, in the last 7 days (or up to ${MAX_AUDIT_DAYS}).`,
          example: AUDIT_EXAMPLE,
        },
      ],
    },
  };
}
