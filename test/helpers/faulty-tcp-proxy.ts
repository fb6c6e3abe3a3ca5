/**
 * A loopback TCP proxy whose faults a test switches: `stallRequests()` stops passing on what clients
 * send over the connections it carries, so their calls are in flight when `dropAll()` closes every
 * connection, as a server restart does; new connections are then forwarded (`forward`), or held open
 * and never answered (`hang`, a server that took the connection and hangs). Connections taken while
 * hanging stay open and silent whatever comes next.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export type NewConnections = 'forward' | 'hang';

export interface FaultyTcpProxy {
  /** host:port to connect to. */
  readonly address: string;
  stallRequests(): void;
  dropAll(): void;
  treatNewConnections(how: NewConnections): void;
  close(): Promise<void>;
}

export async function startFaultyTcpProxy(
  upstreamHost: string,
  upstreamPort: number,
): Promise<FaultyTcpProxy> {
  const open = new Set<Socket>();
  const forwarded = new Map<Socket, Socket>();
  let newConnections: NewConnections = 'forward';
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (newConnections === 'hang') return; // Held open, read by nobody, answered never.
    const upstream = connect(upstreamPort, upstreamHost);
    track(upstream);
    forwarded.set(client, upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => {
      forwarded.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    stallRequests() {
      for (const [client, upstream] of forwarded) {
        client.unpipe(upstream);
        client.pause();
      }
    },
    dropAll() {
      for (const socket of open) socket.destroy();
    },
    treatNewConnections(how) {
      newConnections = how;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
