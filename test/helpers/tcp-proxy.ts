// A loopback TCP proxy in front of a real server (PostgreSQL), to cut the connection while the coach
// runs: cut() drops every open connection and hangs up on new ones (counting them), heal() forwards
// again; cutAtNextRequest() does the same the moment the coach next sends something (a query in
// flight, its answer never to come). What a failover or a network cut looks like from the coach.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drop the open connections and refuse new ones from now on. Returns how many were open. */
  cut(): number;
  /** Cut when the coach next sends bytes on any open connection, before they reach the server. */
  cutAtNextRequest(): void;
  heal(): void;
  /** Connections tried while cut. */
  refused(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let cut = false;
  let cutAtNext = false;
  let refused = 0;
  const cutNow = (): number => {
    cut = true;
    const connections = open.size / 2;
    for (const socket of [...open]) socket.destroy();
    open.clear();
    return connections;
  };
  const server = net.createServer((client) => {
    if (cut) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (cutAtNext) {
        cutAtNext = false;
        cutNow();
      } else upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: cutNow,
    cutAtNextRequest() {
      cutAtNext = true;
    },
    heal() {
      cut = false;
    },
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
