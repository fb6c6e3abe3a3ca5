/** Serves a Koa app on a free port of 127.0.0.1, as a test's real HTTP endpoint. */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningApp {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: { callback(): RequestListener }): Promise<ListeningApp> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; end them so close() does not wait for their idle timeout.
        server.closeAllConnections();
      }),
  };
}
