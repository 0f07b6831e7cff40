// `/coach hours [HH:MM-HH:MM [days]|default]`: a person's own working hours, night shifts included.
// Reminders and "EOD", "COB", "first thing" in promises follow them.

import type { Outbound } from '../ports.ts';
import { recordAudit } from '../store/audit-repo.ts';
import { clearWorkingHours, findWorkingHours, saveWorkingHours } from '../store/working-hours-repo.ts';
import type { CoachDeps } from './deps.ts';
import type { CommandInbound, Feature } from './feature.ts';
import { problem, privateMessage } from './messages.ts';
import { zoneForActor } from './zones.ts';
import { DEFAULT_HOURS, describeWorkingHours, parseWorkingHours } from './availability/working-hours.ts';

const HOURS_EXAMPLE = '/coach hours 22:00-06:00 mon-fri';

export function createHoursFeature(deps: CoachDeps): Feature {
  const { db, clock, config } = deps;

  const hours = async (command: CommandInbound, args: string): Promise<Outbound[]> => {
    const { from } = command;
    const now = clock.now();
    const zone = await zoneForActor(db, from, command.address, config.defaultTimezone);
    const saved = await findWorkingHours(db, from.platform, from.workspaceId, from.userId);
    const before = describeWorkingHours(saved ?? DEFAULT_HOURS);
    const text = args.trim();
    if (!text) {
      const which = saved ? 'Your hours' : 'Your hours (the default)';
      return [privateMessage(`${which}: ${before}, ${zone} time. Reminders wait for them, and “EOD” means the end of your shift. Change them with \`${HOURS_EXAMPLE}\`.`)];
    }
    const reset = ['default', 'reset', 'off'].includes(text.toLowerCase());
    const parsed = reset ? { ok: true as const, hours: DEFAULT_HOURS } : parseWorkingHours(text);
    if (!parsed.ok) return [problem(parsed.message, HOURS_EXAMPLE)];
    await db.transaction().execute(async (trx) => {
      if (reset) await clearWorkingHours(trx, from.platform, from.workspaceId, from.userId);
      else await saveWorkingHours(trx, from.platform, from.workspaceId, from.userId, parsed.hours, now);
      await recordAudit(trx, { platform: from.platform, workspaceId: from.workspaceId, actorId: from.userId, at: now, action: 'hours', subject: from.userId, before, after: describeWorkingHours(parsed.hours) });
    });
    return [
      privateMessage(
        `Done ✅ Your hours: ${describeWorkingHours(parsed.hours)}, ${zone} time. I'll keep reminders inside them, and “EOD” or “COB” in a promise means the end of your shift.`,
      ),
    ];
  };

  return {
    name: 'hours',
    coachCommands: { hours },
    help: {
      topic: 'availability',
      entries: [
        {
          usage: '/coach hours [HH:MM-HH:MM] [days]|default',
          description: 'Your working hours (default 09:00–17:00 weekdays). Reminders wait for them, and “EOD” means the end of your shift.',
          example: '/coach hours 22:00-06:00 mon-fri',
        },
      ],
    },
  };
}
