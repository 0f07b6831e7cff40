import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCoach } from '../../helpers/run-coach-process.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

describe('help in the terminal (npm start, piped stdin)', () => {
  const tempDir = useTempDir();

  it('/coach help names every topic; /coach help managers explains audit and forget', async () => {
    const result = await runCoach('/coach help\n/coach help managers\n', { DATABASE_URL: path.join(tempDir(), 'coach.db') });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('── Service Coach — help ──');
    expect(lines).toContain('  Numbers and managers: /coach stats, /coach me, /coach managers, /coach audit, /coach forget');
    expect(lines).toContain('  More: /coach help managers');
    expect(lines).toContain('── Numbers and managers — help ──');
    expect(lines).toContain('  /coach audit [days]');
    expect(lines).toContain('  For managers: who changed which shared setting, and from what to what, in the last 7 days (or up to 366). Example: /coach audit 30');
    expect(lines).toContain('  /coach forget @person');
    expect(lines).toContain(
      '  For managers: erase someone’s name, profile and promise texts on request (I ask you to confirm). Their numbers stay in the team’s totals, anonymously. Example: /coach forget @sam',
    );
  });
});
