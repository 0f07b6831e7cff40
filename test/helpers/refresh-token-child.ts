// A second coach process, reduced to what matters for a token refresh race: it opens the shared
// store, says "ready", and on "go" asks for a workspace's token (refreshing it if it is close to
// expiry), then prints what it got. Run by test/adapters/slack/slack-token-rotation.test.ts.

import readline from 'node:readline';
import { createSlackInstallations } from '../../adapters/slack/slack-installations.ts';
import { silentLogger } from '../../src/logger.ts';
import { closeStore, createDb } from '../../src/store/open-store.ts';
import { createTokenCipher } from '../../src/token-cipher.ts';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from './fake-slack-api.ts';

const env = process.env as Record<string, string>;
const db = createDb(env.DATABASE_URL as string);
const installations = createSlackInstallations({
  db,
  cipher: createTokenCipher(Buffer.from(env.SLACK_TOKEN_ENCRYPTION_KEY as string, 'hex')),
  clock: { now: () => new Date(env.COACH_NOW as string) },
  logger: silentLogger,
  clientId: FAKE_CLIENT_ID,
  clientSecret: FAKE_CLIENT_SECRET,
  apiUrl: env.SLACK_API_URL,
});
// One query first, so the connection is open before "go" (the race is about the refresh, not connecting).
await db.selectFrom('slack_installations').select('install_key').execute();
process.stdout.write('ready\n');
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  process.stdout.write('asking\n');
  try {
    process.stdout.write(`${JSON.stringify({ token: await installations.tokenFor(env.WORKSPACE as string) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  }
  break;
}
lines.close();
await closeStore(db);
