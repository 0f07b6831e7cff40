import { describe, expect, it, onTestFinished } from 'vitest';
import { Coach } from '../../src/coach/coach.ts';
import type { CoachDeps } from '../../src/coach/deps.ts';
import { CodedError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { alice, startTestApp, supportChannel } from '../helpers/test-app.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

describe("the Coach's error boundary", () => {
  const tempDir = useTempDir();

  /** A coach on a real store with one feature whose `/coach boom` fails with `error`, and the log lines it writes. */
  async function coachFailingWith(error: Error) {
    const t = await startTestApp({ dir: tempDir(), start: '2026-11-23T09:00:00Z' });
    onTestFinished(() => t.app.stop());
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'error', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const deps: CoachDeps = { db: t.app.db, clock: t.clock, content: t.app.content, messenger: t.app.messenger, logger, config: t.app.config, random: Math.random };
    const coach = new Coach(deps, [() => ({ name: 'boom', coachCommands: { boom: () => Promise.reject(error) } })]);
    const boom = () => coach.handle({ kind: 'command', from: alice, address: supportChannel, command: 'coach', text: 'boom', at: t.clock.now() });
    return { boom, lines };
  }

  it('answers a bug privately with the words for INTERNAL, and logs the code, not the words', async () => {
    const { boom, lines } = await coachFailingWith(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(await boom()).toEqual([
      expect.objectContaining({ text: 'Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.', visibility: 'private' }),
    ]);
    expect(lines).toEqual([expect.objectContaining({ msg: 'handling failed', code: 'INTERNAL', command: 'coach' })]);
  });

  it('answers a coded error with the words of its code, never its own message', async () => {
    const { boom, lines } = await coachFailingWith(new CodedError('STORE_UNREACHABLE', 'connect ECONNREFUSED 127.0.0.1:5432'));
    const [answer] = await boom();
    expect(answer?.text).toBe("Sorry, I can't reach my database right now, so nothing was changed. Please try again in a minute.");
    expect(lines[0]).toEqual(expect.objectContaining({ code: 'STORE_UNREACHABLE' }));
  });
});
