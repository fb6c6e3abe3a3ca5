/** Serves a Koa app on a free port of 127.0.0.1, as a test's real HTTP endpoint, with the product's limits. */
import type { RequestListener } from 'node:http';

import { closeServer, createHttpServer, listenOn } from '../../src/http/http-server';

export interface ListeningApp {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: { callback(): RequestListener }): Promise<ListeningApp> {
  const server = createHttpServer(app.callback());
  const url = await listenOn(server, '127.0.0.1', 0, 'a free port');
  // fetch keeps connections alive: closeServer ends them, so close() does not wait for their idle timeout.
  return { url, close: () => closeServer(server) };
}
