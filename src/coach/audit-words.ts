// The audit log in words, shared by `/coach audit` and the dashboard's Audit page so both always
// say the same thing. Text uses the neutral mention form (`<@U1>`, `<#C1>`): chat adapters render
// it their way, the dashboard swaps in names.

import type { AuditEntry } from '../store/audit-repo.ts';
import { isAnonymousId } from '../store/erase-person.ts';
import { mention } from './mentions.ts';

export const DEFAULT_AUDIT_DAYS = 7;
export const MAX_AUDIT_DAYS = 366;

/** '', '30' or '30 days' → a number of days, or undefined when it is not one from 1 to MAX_AUDIT_DAYS. */
export function parseAuditDays(raw: string): number | undefined {
  const text = raw.trim();
  const days = text === '' ? DEFAULT_AUDIT_DAYS : Number(text.replace(/\s*days?$/i, ''));
  return Number.isInteger(days) && days >= 1 && days <= MAX_AUDIT_DAYS ? days : undefined;
}

/** "the last day", "the last 7 days". */
export function describeAuditPeriod(days: number): string {
  return days === 1 ? 'the last day' : `the last ${days} days`;
}

/** Who made a change: a mention, or "a forgotten person" after an erasure. */
export function describeActor(id: string): string {
  return isAnonymousId(id) ? 'a forgotten person' : mention(id);
}

const channel = (key: string) => `<#${key}>`;

/** "closed promise #12 of @bob", "made @sam a manager": what happened, without the values. */
export function describeAction(entry: AuditEntry): string {
  const promise = /^#(\d+) of (.+)$/.exec(entry.subject);
  const promiseText = promise ? `promise #${promise[1]} of ${describeActor(promise[2] as string)}` : `promise ${entry.subject}`;
  switch (entry.action) {
    case 'subscribe':
      return `set the daily principle in ${channel(entry.subject)}`;
    case 'unsubscribe':
      return `unsubscribed ${channel(entry.subject)}`;
    case 'discussion':
      return `changed the weekly discussion in ${channel(entry.subject)}`;
    case 'managers.add':
      return `made ${describeActor(entry.subject)} a manager`;
    case 'managers.remove':
      return `removed ${describeActor(entry.subject)} as a manager`;
    case 'promise.done':
      return `closed ${promiseText}`;
    case 'promise.cancel':
      return `cancelled ${promiseText}`;
    case 'promise.snooze':
    case 'promise.reschedule':
    case 'promise.unreachable':
      return `moved ${promiseText}`;
    case 'holidays':
      return `changed the public holidays skipped in ${channel(entry.subject)}`;
    case 'closed.add':
      return `added closed days in ${channel(entry.subject)}`;
    case 'closed.remove':
      return `removed closed days in ${channel(entry.subject)}`;
    case 'hours':
      return 'changed their working hours';
    case 'forget':
      return "erased a person's name, profile and promise texts on request";
    case 'promise.handover':
    case 'promise.reassign': {
      // after: "offered to U123" / "held by U123" (ids as words, so an erasure can rewrite them).
      const to = /(?:offered to|held by) (\S+)$/.exec(entry.after ?? '')?.[1];
      const whom = to ? ` to ${describeActor(to)}` : '';
      return entry.action === 'promise.handover' ? `offered ${promiseText}${whom}` : `handed ${promiseText}${whom}`;
    }
    default:
      return `${entry.action} ${entry.subject}`;
  }
}

// Changes whose values are never shown: an erasure keeps no personal data, and managers' changes
// have nothing before or after beyond the person named.
const WITHOUT_VALUES = new Set(['managers.add', 'managers.remove', 'forget', 'promise.handover', 'promise.reassign']);

/** "Weekdays 09:00 → Mon–Thu 08:30", or '' when the change has no values to show. */
export function describeValues(entry: AuditEntry): string {
  if (WITHOUT_VALUES.has(entry.action) || (entry.before === null && entry.after === null)) return '';
  return `${entry.before ?? '—'} → ${entry.after ?? '—'}`;
}

/** The whole change in one phrase, as `/coach audit` lists it. */
export function describeChange(entry: AuditEntry): string {
  const values = describeValues(entry);
  return `${describeAction(entry)}${values ? `: ${values}` : ''}`;
}
