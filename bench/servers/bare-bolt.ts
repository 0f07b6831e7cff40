// Context for the Slack section (no longer its baseline: bench/servers/fair-bolt.ts is): a bare Bolt app on the same ExpressReceiver and express server setup as the coach,
// whose /promise-callback listener only acks (or, with BARE_BOLT_RESPOND=1, acks and sends one fixed
// answer via response_url). Everything the coach does beyond that (users.info,
// parsing the due time, the db transaction with the reminder ladder, the answer via response_url)
// is the cost being measured. Prints {"port"} when ready.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';

const expressApp = express();
const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/slack/events', app: expressApp });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
  deferInitialization: true,
});
// BARE_BOLT_RESPOND=1: also send one fixed answer via response_url, as the coach does.
const respondToo = process.env.BARE_BOLT_RESPOND === '1';
app.command('/promise-callback', async ({ ack, respond }) => {
  await ack();
  if (respondToo) await respond({ response_type: 'ephemeral', text: 'Got it — callback promise saved ✅' });
});
await app.init();
const server = http.createServer(expressApp);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
