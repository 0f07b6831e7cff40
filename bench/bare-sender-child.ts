// The floor for the reminder burst on this machine: no coach, no db, no rendering. 10,000 request
// bodies are built ahead; at the due second they go to the fake Slack API as chat.postMessage
// calls over the same HTTP client and connection count the coach uses (undici, 64). Whatever
// lateness this shows is the cost of the HTTP round trips alone, on cores shared with the fake.
// Prints one JSON line like dispatch-child's.
import { Pool } from 'undici';

const [countText = '10000'] = process.argv.slice(2);
const count = Number(countText);
const api = new URL(process.env.SLACK_API_URL ?? '');
const control = process.env.FAKE_CONTROL ?? '';
const CONNECTIONS = 64;
const NOTICE_MS = 3_000;

const pool = new Pool(api.origin, { connections: CONNECTIONS });
const headers = { authorization: 'Bearer xoxb-bench', 'content-type': 'application/json; charset=utf-8' };
const text = (i: number) => `⏰ Heads-up: your callback to *CUST-${i}* is due in 15 min (Mon 23 Nov, 09:45 GMT).`;
const bodies = Array.from({ length: count }, (_, i) =>
  JSON.stringify({
    channel: `D_U_AGENT${i % 1_000}`,
    text: text(i),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: text(i) } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Done' }, action_id: 'promise.done', value: String(i) }] },
    ],
    unfurl_links: false,
  }),
);

await fetch(`${control}/reset`, { method: 'POST' });
const dueAt = Math.ceil((Date.now() + NOTICE_MS) / 1_000) * 1_000;
await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now()));
const cpuAtDue = process.cpuUsage();
let next = 0;
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (next < count) {
      const body = bodies[next++] as string;
      const res = await pool.request({ method: 'POST', path: `${api.pathname}chat.postMessage`, headers, body });
      await res.body.json();
    }
  }),
);
const cpu = process.cpuUsage(cpuAtDue);
const { times } = (await (await fetch(`${control}/stats?times=chat.postMessage`)).json()) as { times: number[] };
await pool.close();
const lateness = times.map((t) => t - dueAt).sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ received: times.length, lateness, cpuMsAfterDue: (cpu.user + cpu.system) / 1000 })}\n`);
process.exit(0);
