// The fake Slack Web API in its own process, so the benchmark's load generator, the server under
// test and the fake never share an event loop. Prints {"url", "control"} on stdout when ready.
// Control API (loopback): GET /stats → counts per method and the receive times of chat.postMessage;
// POST /reset → forget recorded calls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackApi } from '../../test/helpers/fake-slack-api.ts';

const api = new FakeSlackApi('T1');
await api.start();
// The person sending the benchmark's commands, as users.info would describe them.
api.addUser({ id: 'U_ALICE', name: 'alice', realName: 'Alice', tz: 'Europe/London' });
const control = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    api.calls.length = 0;
    res.end('{}');
    return;
  }
  const counts: Record<string, number> = {};
  for (const call of api.calls) if (!call.failed) counts[call.method] = (counts[call.method] ?? 0) + 1;
  const wanted = new URL(req.url ?? '/', 'http://x').searchParams.get('times');
  const times = wanted ? api.calls.filter((c) => c.method === wanted && !c.failed).map((c) => c.at ?? 0) : [];
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ counts, times }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ url: api.url, responseUrl: api.responseUrl('bench'), control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` })}\n`);
process.once('SIGTERM', () => void api.stop().then(() => process.exit(0)));
