// `/coach me`: anyone's own numbers for this week and last week, seen only by them (team numbers
// are for managers; this is what everyone may always see of themselves).

import type { Outbound } from '../../ports.ts';
import type { CoachDeps } from '../deps.ts';
import type { CommandHandler, CommandInbound, HelpEntry } from '../feature.ts';
import { awayLine } from '../availability/away-line.ts';
import { zoneForActor } from '../zones.ts';
import { availabilityOf } from '../availability/person-hours.ts';
import { describeWorkingHours } from '../availability/working-hours.ts';
import { describeWeekRange, isoWeekOf, shiftWeek } from './iso-week.ts';
import { PROMISE_SOURCE } from './promise-source.ts';
import { formatPercent } from './stats-message.ts';
import { onTimeRate, weekStats } from './weekly-stats.ts';

export const MY_WEEK_HELP: HelpEntry = { usage: '/coach me', description: 'Your own numbers for this week and last week (only you see them).', example: '/coach me' };

export function createMyWeekCommand(deps: CoachDeps): CommandHandler {
  const { db, clock, config } = deps;
  return async (command: CommandInbound): Promise<Outbound[]> => {
    const { from } = command;
    const now = clock.now();
    const zone = await zoneForActor(db, from, command.address, config.defaultTimezone);
    const thisWeek = isoWeekOf(now, zone);
    const scope = { platform: from.platform, workspaceId: from.workspaceId };
    const rows = await Promise.all([thisWeek, shiftWeek(thisWeek, -1)].map(async (week) => {
      const mine = (await weekStats(db, scope, week, PROMISE_SOURCE)).people.find((p) => p.userId === from.userId);
      return { week, mine };
    }));
    const lines = rows.map(({ week, mine }, i) => {
      const label = i === 0 ? `*This week* (${describeWeekRange(week)})` : `*Last week* (${describeWeekRange(week)})`;
      const parts = [`${mine?.acknowledged ?? 0} acknowledged`, `${mine?.replies ?? 0} discussion ${(mine?.replies ?? 0) === 1 ? 'reply' : 'replies'}`];
      if (PROMISE_SOURCE) {
        const p = mine?.promises;
        parts.push(`${p?.made ?? 0} ${(p?.made ?? 0) === 1 ? 'promise' : 'promises'} made`, `${formatPercent(p ? onTimeRate(p) : null)} kept on time`, `${p?.missed ?? 0} missed`);
      }
      if (mine?.awayDays) parts.push(`🌴 away ${mine.awayDays} ${mine.awayDays === 1 ? 'day' : 'days'}`);
      return `${label}\n${parts.join(' · ')}`;
    });
    const intro = 'Your own numbers — only you see these.';
    lines.push(`*Your hours:* ${describeWorkingHours((await availabilityOf(db, from, zone)).hours)} (${zone}) · change them with \`/coach hours\``);
    const awayNote = await awayLine(db, from, zone, now);
    if (awayNote) lines.push(awayNote);
    return [
      {
        text: `${intro}\n${lines.join('\n')}`.replace(/\*/g, ''),
        blocks: [
          { type: 'header', text: 'Your week with the coach' },
          { type: 'text', text: intro },
          ...lines.map((text) => ({ type: 'text' as const, text })),
          { type: 'context', text: '“Acknowledged” counts “Got it” presses and reactions on my posts.' },
        ],
        visibility: 'private',
      },
    ];
  };
}
