import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ArloEvent } from '../../../src/domain/arlo-event';
import { offerCallbacks } from '../../../src/bench/callback-generator';

function event(id: string): ArloEvent {
  return {
    id,
    type: 'Contact.Updated',
    resourceType: 'Contact',
    resourceId: id,
    dateTime: '2026-12-05T00:00:00.000Z',
  };
}

/** A receiver that answers each delivery with the next status of `statuses` (then 200), recording bodies. */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhook`, bodies, server };
}

describe('offerCallbacks', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('delivers a refused callback again, as Arlo does, and counts its events once', async () => {
    const target = await receiver([503]);
    server = target.server;
    const result = await offerCallbacks(
      { url: target.url, platform: 'p', key: Buffer.from('k') },
      [[event('1'), event('2')], [event('3')]],
      20,
    );
    expect(result).toMatchObject({ callbacks: 2, events: 3, failures: 1, abandoned: 0 });
    // One first delivery accepted gives one latency; the refused one is not an acknowledgement.
    expect(result.ackMs).toHaveLength(1);
    expect(target.bodies).toHaveLength(3);
    expect(target.bodies.filter((body) => body.includes('"id":"1"'))).toHaveLength(2);
  });

  it('gives a callback up after five redeliveries, and says so', async () => {
    const target = await receiver([503, 503, 503, 503, 503, 503]);
    server = target.server;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const offered = offerCallbacks(
        { url: target.url, platform: 'p', key: Buffer.from('k') },
        [[event('1')]],
        1,
      );
      // Each redelivery waits its backoff (1, 2, 4, 8, 16 s); the fake clock skips them.
      while (target.bodies.length < 6) {
        await new Promise((resolve) => setImmediate(resolve));
        jest.advanceTimersByTime(1000);
      }
      const result = await offered;
      expect(result).toMatchObject({ events: 1, failures: 1, abandoned: 1, ackMs: [] });
    } finally {
      jest.useRealTimers();
    }
  });
});
