/**
 * A real HTTP endpoint on 127.0.0.1 (port 0) that records every webhook callback it receives: raw body,
 * headers and arrival order. `respond` decides each answer (status and optional delay).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly eventIds: string[];
}

export interface Answer {
  readonly status: number;
  readonly delayMs?: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedCallback[];
  /** The most callbacks that were ever being answered at the same time. */
  maxConcurrent(): number;
  /** Resolves when at least `count` callbacks have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  respond: (callback: ReceivedCallback, index: number) => Answer = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let concurrent = 0;
  let maxConcurrent = 0;
  const server = http.createServer((request, response) => {
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    response.on('close', () => concurrent--);
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let eventIds: string[] = [];
      try {
        eventIds = (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
      } catch {
        eventIds = [];
      }
      const callback = { headers: request.headers, body, eventIds };
      const index = received.push(callback) - 1;
      for (const waiter of waiters.splice(0)) waiter();
      const answer = respond(callback, index);
      const send = () => {
        if (!response.destroyed) response.writeHead(answer.status).end('ignored');
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/arlo`,
    received,
    maxConcurrent: () => maxConcurrent,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
