// Teams on /metrics: a message's answer time and every connector call, with its status, counted
// by the real CloudAdapter's middleware against a fake connector on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { dana, personalMessage, startTeamsHarness, type TeamsHarness } from '../adapters/teams/teams-harness.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Teams metrics', () => {
  const tempDir = useTempDir();
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('times each answered message and counts connector calls by status, a refused one included', async () => {
    h = await startTeamsHarness({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    const scrape = async () => (await fetch(`${h!.url}/metrics`)).text();
    expect(sample(await scrape(), 'service_coach_teams_message_seconds_count')).toBe(0);

    expect(await h.send(personalMessage(h.connector, dana, 'coach today'))).toBe(200);
    expect(h.connector.deliveries()).toHaveLength(1);
    let text = await scrape();
    expect(sample(text, 'service_coach_teams_message_seconds_count')).toBe(1);
    expect(sample(text, 'service_coach_teams_message_seconds_bucket{le="15"}')).toBe(1);
    expect(sample(text, 'service_coach_platform_api_calls_total{platform="teams",method="sendActivities",status="ok"}')).toBe(1);

    // The connector refuses the next reply outright (its own retries included): counted with the status.
    h.connector.failNext(10, 500);
    await h.send(personalMessage(h.connector, dana, 'coach today'));
    text = await scrape();
    expect(sample(text, 'service_coach_teams_message_seconds_count')).toBe(2);
    expect(sample(text, 'service_coach_platform_api_calls_total{platform="teams",method="sendActivities",status="500"}')).toBe(1);
  }, 30_000);
});
