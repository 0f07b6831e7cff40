// Holidays and working hours through the real CloudAdapter: the commands typed in Teams and the
// answers on its cards.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { channelMessage, dana, personalMessage, startTeamsHarness, visibleText, type TeamsHarness } from './teams-harness.ts';

const tempDir = useTempDir();
const open: TeamsHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

describe('holidays and hours in Teams', () => {
  it('a channel follows US holidays; an agent on nights gets EOD at 06:00 and sees the hours in /coach me', async () => {
    const h = await startTeamsHarness({ dir: tempDir(), start: '2026-07-01T13:00:00Z' }); // Wed 1 Jul, 09:00 in New York
    open.push(h);
    await h.send(channelMessage(h.connector, dana, 'coach subscribe 09:00 America/New_York weekdays'));
    h.connector.clear();
    await h.send(channelMessage(h.connector, dana, 'coach holidays US'));
    expect(visibleText(h.connector.deliveries().at(-1)!.body)).toContain(
      'Done ✅ This channel now skips the public holidays of United States of America. Next days skipped: Fri 3 Jul (Independence Day (substitute day)), Mon 7 Sept (Labour Day), Mon 12 Oct (Columbus Day).',
    );

    h.connector.clear();
    await h.send(personalMessage(h.connector, dana, 'coach hours 22:00-06:00 mon-fri'));
    expect(visibleText(h.connector.deliveries().at(-1)!.body)).toContain('Done ✅ Your hours: Weekdays 22:00–06:00 (overnight), America/New_York time.');
    h.t.clock.set('2026-07-02T03:00:00Z'); // Wed 23:00 in New York, on shift
    h.connector.clear();
    await h.send(personalMessage(h.connector, dana, 'promise-callback ACME-5 by EOD'));
    expect(visibleText(h.connector.deliveries().at(-1)!.body)).toContain('Thu 2 Jul, 06:00 EDT — in 7 h');
    h.connector.clear();
    await h.send(personalMessage(h.connector, dana, 'coach me'));
    expect(visibleText(h.connector.deliveries().at(-1)!.body)).toContain('Your hours: Weekdays 22:00–06:00 (overnight) (America/New_York)');
  });
});
