// The fake Bot Framework connector in its own process (see test/helpers/fake-bot-connector.ts).
// Prints {"url", "control"}; GET control /stats → {"deliveries"}, POST /reset forgets calls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeBotConnector } from '../../test/helpers/fake-bot-connector.ts';

const connector = await startFakeBotConnector();
const control = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') connector.calls.length = 0;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ deliveries: connector.deliveries().length }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ url: connector.url, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` })}\n`);
process.once('SIGTERM', () => void connector.close().then(() => process.exit(0)));
