// `/coach audit [days]`: the latest changes people made to shared settings (subscriptions,
// schedules, discussion days, managers, a lead changing someone's promise, erasures), for managers.

import type { Outbound } from '../ports.ts';
import { listAudit, type AuditEntry } from '../store/audit-repo.ts';
import { isAnonymousId } from '../store/erase-person.ts';
import type { CoachDeps } from './deps.ts';
import type { CommandInbound, Feature } from './feature.ts';
import { formatWhen } from './format-time.ts';
import { mention } from './mentions.ts';
import { echo, privateMessage, problem } from './messages.ts';
import { isManager } from './roles.ts';
import { zoneForActor } from './zones.ts';

const DEFAULT_DAYS = 7;
const MAX_DAYS = 366;
/** Enough for a busy week; the dashboard (when built) pages through the rest. */
const SHOWN = 30;
const AUDIT_EXAMPLE = '/coach audit 30';

const who = (id: string) => (isAnonymousId(id) ? 'a forgotten person' : mention(id));
const channel = (key: string) => `<#${key}>`;

/** "closed promise #12 of @bob", "made @sam a manager": what happened, in words. */
export function describeChange(entry: AuditEntry): string {
  const promise = /^#(\d+) of (.+)$/.exec(entry.subject);
  const promiseText = promise ? `promise #${promise[1]} of ${who(promise[2] as string)}` : `promise ${entry.subject}`;
  const change = entry.before !== null || entry.after !== null ? `: ${entry.before ?? '—'} → ${entry.after ?? '—'}` : '';
  switch (entry.action) {
    case 'subscribe':
      return `set the daily principle in ${channel(entry.subject)}${change}`;
    case 'unsubscribe':
      return `unsubscribed ${channel(entry.subject)}${change}`;
    case 'discussion':
      return `changed the weekly discussion in ${channel(entry.subject)}${change}`;
    case 'managers.add':
      return `made ${who(entry.subject)} a manager`;
    case 'managers.remove':
      return `removed ${who(entry.subject)} as a manager`;
    case 'promise.done':
      return `closed ${promiseText}${change}`;
    case 'promise.cancel':
      return `cancelled ${promiseText}${change}`;
    case 'promise.snooze':
    case 'promise.reschedule':
    case 'promise.unreachable':
      return `moved ${promiseText}${change}`;
    case 'forget':
      return "erased a person's name, profile and promise texts on request";
    default:
      return `${entry.action} ${entry.subject}${change}`;
  }
}

export function createAuditFeature(deps: CoachDeps): Feature {
  const { db, clock, config } = deps;

  const audit = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    if (!(await isManager(db, config, from))) {
      return [privateMessage('The audit log is for managers. Ask one of your team leads, or see your own numbers with `/coach me`.')];
    }
    const raw = args.trim();
    const days = raw === '' ? DEFAULT_DAYS : Number(raw.replace(/\s*days?$/i, ''));
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      return [problem(`Give a number of days from 1 to ${MAX_DAYS}, not “${echo(raw)}”.`, AUDIT_EXAMPLE)];
    }
    const now = clock.now();
    const entries = await listAudit(db, from.platform, from.workspaceId, new Date(now.getTime() - days * 86_400_000), SHOWN + 1);
    const period = days === 1 ? 'the last day' : `the last ${days} days`;
    if (entries.length === 0) return [privateMessage(`No changes to shared settings in ${period}.`)];
    const zone = await zoneForActor(db, from, command.address, config.defaultTimezone);
    const lines = entries.slice(0, SHOWN).map((e) => `• ${formatWhen(e.at, zone)} — ${who(e.actorId)} ${describeChange(e)}`);
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
    // Not in `/coach help`: that list is at Slack's 3,000-character limit for one message. Managers
    // are told about it by `/coach managers list`, and the README lists it.
    coachCommands: { audit },
  };
}
