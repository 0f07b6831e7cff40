// The "Next work day 9:00" snooze: 09:00 in the agent's zone on the next working day of the team
// the promise was made in (its channel's days, else the team's; weekdays unless chosen), so a Sun–Thu team
// pressing it on Thursday hears from the coach on Sunday, not on its Friday off.

import { DateTime } from 'luxon';
import type { Db } from '../../store/open-store.ts';
import { findChannel } from '../../store/channels-repo.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { findTeamPostDays } from '../../store/team-days-repo.ts';
import { nextWorkDay } from '../work-days.ts';

export const WORK_DAY_SNOOZE = 'tomorrow9'; // the button value predates work weeks; kept so old buttons work

export async function nextWorkDayMorning(db: Db, p: CallbackPromise, now: Date): Promise<Date> {
  const channel = p.addressKey ? await findChannel(db, { platform: p.platform, workspaceId: p.workspaceId, key: p.addressKey }) : undefined;
  const local = DateTime.fromJSDate(now, { zone: p.agentTz });
  const days = channel?.subscribed ? channel.postDays : ((await findTeamPostDays(db, p.platform, p.workspaceId)) ?? 'weekdays');
  return nextWorkDay(local, days).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}
