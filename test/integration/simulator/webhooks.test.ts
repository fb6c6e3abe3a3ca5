/**
 * Contract: webhook callbacks as webhooks.txt describes them, to a real HTTP endpoint: the documented
 * signature example byte for byte, batches of at most 10 in ID order with one callback in flight,
 * retries with backoff, the 5000 ms timeout (shortened here), and every delivery knob.
 */
import {
  ManualClock,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../src/simulator';
import { signPayload } from '../../../src/simulator/webhooks/signature';
import { ArloHttp, textAt } from '../../helpers/arlo-http';
import {
  startWebhookReceiver,
  type Answer,
  type ReceivedCallback,
  type WebhookReceiver,
} from '../../helpers/webhook-receiver';

// The integration project's `testTimeout` does not apply (jest reads it only at the top level), and the
// machine is shared: allow slow runs. A safety net against hangs, not a speed assertion.
jest.setTimeout(60_000);

const EXAMPLE_KEY = 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx';
const EXAMPLE_BODY =
  '{"events":[{"id":"108","dateTime":"2023-07-18T00:02:55.7577072Z","type":"Contact.Updated","resourceType":"Contact","resourceId":"2"}]}';
const EXAMPLE_SIGNATURE =
  'OQjMwAcQXVIfncRRqznUsibyO3qyjJQYSKI3sAMkFO+0aumoPx1xdw8Wz2iuamfpXBtJvBrPAAIU1gOT4L0V+g==';

const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(
  respond?: (callback: ReceivedCallback, index: number) => Answer,
  options: SimulatorOptions = {},
): Promise<{ simulator: RunningSimulator; receiver: WebhookReceiver; endpointId: string; key: string }> {
  const simulator = await startSimulator({
    ...options,
    knobs: {
      ...options.knobs,
      webhooks: { batchWindowMs: 20, retryBaseDelayMs: 10, ...options.knobs?.webhooks },
    },
  });
  const receiver = await startWebhookReceiver(respond);
  open.push(simulator, receiver);
  const endpoint = await simulator.control.registerWebhookEndpoint({ url: receiver.url });
  return { simulator, receiver, endpointId: endpoint.id, key: endpoint.key };
}

function ids(callbacks: readonly ReceivedCallback[]): string[] {
  return callbacks.flatMap((c) => c.eventIds);
}

describe('the documented signature example, over HTTP', () => {
  it('sends exactly the example callback: body, X-Arlo-Signature and X-Arlo-Platform', async () => {
    const simulator = await startSimulator({
      clock: new ManualClock('2023-07-18T00:02:55.7577071Z'),
      eventIdStart: 107,
      knobs: { webhooks: { batchWindowMs: 0 } },
    });
    const receiver = await startWebhookReceiver();
    open.push(simulator, receiver);
    await simulator.control.registerWebhookEndpoint({
      url: receiver.url,
      key: EXAMPLE_KEY,
      eventTypes: ['ContactUpdated'],
    });
    await simulator.control.createRecord('Contact', {
      id: '2',
      fields: { FirstName: 'Barry', LastName: 'Jones' },
    }); // event 107
    await simulator.control.updateRecord('Contact', '2', { fields: { PhoneWork: '04 9700 19332' } }); // event 108
    expect((await simulator.control.waitForWebhooksIdle(5000)).idle).toBe(true);

    expect(receiver.received).toHaveLength(1);
    const [callback] = receiver.received;
    expect(callback!.body).toBe(EXAMPLE_BODY);
    expect(callback!.headers['x-arlo-signature']).toBe(EXAMPLE_SIGNATURE);
    expect(callback!.headers['x-arlo-platform']).toBe('demo.arlo.co');
    expect(callback!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(callback!.headers['content-length']).toBe('134');
  });
});

describe('batching and ordering', () => {
  it('delivers at most 10 events per callback, in ID order, one callback at a time, each signed', async () => {
    const { simulator, receiver, key } = await setup(() => ({ status: 200, delayMs: 30 }));
    await simulator.control.seed({ counts: { Contact: 25 }, emitEvents: true });
    expect((await simulator.control.waitForWebhooksIdle(10_000)).idle).toBe(true);
    const events = await simulator.control.events();
    expect(receiver.received.map((c) => c.eventIds.length)).toEqual([10, 10, 5]);
    expect(ids(receiver.received)).toEqual(events.map((e) => e.id));
    expect(receiver.maxConcurrent()).toBe(1);
    for (const callback of receiver.received) {
      expect(callback.headers['x-arlo-signature']).toBe(signPayload(callback.body, key));
      const parsed = JSON.parse(callback.body) as { events: Record<string, string>[] };
      expect(Object.keys(parsed.events[0]!)).toEqual([
        'id',
        'dateTime',
        'type',
        'resourceType',
        'resourceId',
      ]);
      expect(parsed.events[0]!.dateTime).toMatch(/\.\d{7}Z$/);
    }
  });

  it('delivers only the event types an endpoint subscribed to, and no Deleted events unless asked', async () => {
    const { simulator, receiver } = await setup();
    const organisations = await startWebhookReceiver();
    open.push(organisations);
    await simulator.control.registerWebhookEndpoint({
      url: organisations.url,
      eventTypes: ['Organisation.Created'],
    });
    const contact = await simulator.control.createRecord('Contact', {
      fields: { FirstName: 'A', LastName: 'B' },
    });
    await simulator.control.createRecord('Organisation', { fields: { Name: 'Org' } });
    await simulator.control.deleteRecord('Contact', contact.id);
    await simulator.control.waitForWebhooksIdle(5000);
    const types = (callbacks: ReceivedCallback[]) =>
      callbacks.flatMap((c) =>
        (JSON.parse(c.body) as { events: { type: string }[] }).events.map((e) => e.type),
      );
    expect(types(receiver.received)).toEqual(['Contact.Created', 'Organisation.Created']);
    expect(types(organisations.received)).toEqual(['Organisation.Created']);

    await simulator.control.setKnobs({ webhooks: { deliverDeletedEvents: true } });
    const other = await simulator.control.createRecord('Contact', {
      fields: { FirstName: 'C', LastName: 'D' },
    });
    await simulator.control.deleteRecord('Contact', other.id);
    await simulator.control.waitForWebhooksIdle(5000);
    expect(types(receiver.received).slice(2)).toEqual(['Contact.Created', 'Contact.Deleted']);
  });
});

describe('failures, retries and the timeout', () => {
  it('retries a failed callback with the same body until it succeeds', async () => {
    const { simulator, receiver, endpointId } = await setup((_c, i) => ({ status: i < 2 ? 500 : 204 }));
    await simulator.control.createRecord('Contact', { fields: { FirstName: 'A', LastName: 'B' } });
    expect((await simulator.control.waitForWebhooksIdle(5000)).idle).toBe(true);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((c) => c.body)).size).toBe(1);
    const attempts = await simulator.control.deliveries(endpointId);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 204],
    ]);
  });

  it('treats an answer slower than the timeout as a failure and retries it', async () => {
    // Generous margins: the retry must answer well within the timeout even on a loaded machine.
    const { simulator, receiver, endpointId } = await setup(
      (_c, i) => ({ status: 200, delayMs: i === 0 ? 3000 : 0 }),
      { knobs: { webhooks: { timeoutMs: 1000 } } },
    );
    await simulator.control.createRecord('Contact', { fields: { FirstName: 'A', LastName: 'B' } });
    expect((await simulator.control.waitForWebhooksIdle(5000)).idle).toBe(true);
    expect((await simulator.control.deliveries(endpointId)).map((a) => a.outcome)).toEqual([
      'timeout',
      'delivered',
    ]);
    expect(receiver.received).toHaveLength(2);
  });

  it('abandons a batch after the last retry, records it, and moves on to the next events', async () => {
    let failing = true;
    const { simulator, receiver, endpointId } = await setup(() => ({ status: failing ? 503 : 200 }), {
      knobs: { webhooks: { maxRetries: 2 } },
    });
    const first = await simulator.control.createRecord('Contact', {
      fields: { FirstName: 'A', LastName: 'B' },
    });
    expect((await simulator.control.waitForWebhooksIdle(5000)).idle).toBe(true);
    expect((await simulator.control.deliveries(endpointId)).map((a) => a.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'exhausted',
    ]);
    failing = false;
    await simulator.control.createRecord('Contact', { fields: { FirstName: 'C', LastName: 'D' } });
    await simulator.control.waitForWebhooksIdle(5000);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received.at(-1)!.body).not.toContain(`"resourceId":"${first.id}"`);
  });

  it('flush skips a long retry backoff', async () => {
    const { simulator, receiver } = await setup((_c, i) => ({ status: i === 0 ? 500 : 200 }), {
      knobs: { webhooks: { retryBaseDelayMs: 600_000 } },
    });
    await simulator.control.createRecord('Contact', { fields: { FirstName: 'A', LastName: 'B' } });
    await receiver.waitFor(1);
    expect((await simulator.control.waitForWebhooksIdle(300)).idle).toBe(false);
    expect((await simulator.control.flushWebhooks(5000)).idle).toBe(true);
    expect(receiver.received).toHaveLength(2);
  });
});

describe('delivery knobs', () => {
  it('pause holds callbacks (an outage) and resume delivers them in order', async () => {
    const { simulator, receiver } = await setup();
    await simulator.control.pauseWebhooks();
    await simulator.control.seed({ counts: { Contact: 12 }, emitEvents: true });
    expect((await simulator.control.waitForWebhooksIdle(1000)).idle).toBe(true);
    expect(receiver.received).toHaveLength(0);
    await simulator.control.resumeWebhooks();
    await simulator.control.waitForWebhooksIdle(5000);
    expect(ids(receiver.received)).toEqual((await simulator.control.events()).map((e) => e.id));
  });

  it('duplicates delivered callbacks', async () => {
    const { simulator, receiver, endpointId } = await setup(undefined, {
      knobs: { webhooks: { duplicateRate: 1 } },
    });
    await simulator.control.createRecord('Contact', { fields: { FirstName: 'A', LastName: 'B' } });
    await simulator.control.waitForWebhooksIdle(5000);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
    expect((await simulator.control.deliveries(endpointId)).map((a) => a.outcome)).toEqual([
      'delivered',
      'duplicate',
    ]);
  });

  it('reorders batches (a later batch overtakes an earlier one)', async () => {
    const { simulator, receiver } = await setup(undefined, { knobs: { webhooks: { reorderRate: 1 } } });
    await simulator.control.seed({ counts: { Contact: 20 }, emitEvents: true });
    await simulator.control.waitForWebhooksIdle(5000);
    const events = (await simulator.control.events()).map((e) => e.id);
    expect(receiver.received.map((c) => c.eventIds)).toEqual([events.slice(10, 20), events.slice(0, 10)]);
  });

  it('drops callbacks silently, so only catch-up can find their events', async () => {
    const { simulator, receiver, endpointId } = await setup(undefined, {
      knobs: { webhooks: { dropRate: 1 } },
    });
    await simulator.control.createRecord('Contact', { fields: { FirstName: 'A', LastName: 'B' } });
    await simulator.control.waitForWebhooksIdle(5000);
    expect(receiver.received).toHaveLength(0);
    expect((await simulator.control.deliveries(endpointId)).map((a) => a.outcome)).toEqual(['dropped']);
    expect(await simulator.control.events()).toHaveLength(1);
  });
});

describe('webhookendpoints/ on the Arlo API', () => {
  it('registers an endpoint as Arlo’s Moodle plugin does and signs callbacks with the returned Key', async () => {
    const simulator = await startSimulator({ knobs: { webhooks: { batchWindowMs: 0 } } });
    const receiver = await startWebhookReceiver();
    open.push(simulator, receiver);
    const arlo = new ArloHttp(simulator);
    const created = await arlo.post(
      'webhookendpoints/',
      `<?xml version="1.0"?>\n<WebhookEndpoint><Name>arlo-sync</Name><Endpoint>${receiver.url}</Endpoint><TechnicalContact>ops@example.org</TechnicalContact><PayloadSchema>Json_2019_11_01</PayloadSchema><Status>Active</Status><EventTypes>ContactCreated,ContactUpdated</EventTypes></WebhookEndpoint>`,
    );
    expect(created.status).toBe(201);
    const id = textAt(created.xml, 'ID')!;
    const key = textAt(created.xml, 'Key')!;
    expect(Buffer.from(key, 'base64')).toHaveLength(24);
    expect(created.headers.get('location')).toBe(`${simulator.baseUrl}webhookendpoints/${id}/`);

    const one = await arlo.get(`webhookendpoints/${id}/`);
    expect(textAt(one.xml, 'Status')).toBe('Active');
    expect(textAt(one.xml, 'Key')).toBeUndefined();
    expect((await arlo.get('webhookendpoints/')).text).toContain(`webhookendpoints/${id}/`);

    await simulator.control.createRecord('Contact', { fields: { FirstName: 'A', LastName: 'B' } });
    await simulator.control.createRecord('Organisation', { fields: { Name: 'Not subscribed' } });
    await simulator.control.waitForWebhooksIdle(5000);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-arlo-signature']).toBe(
      signPayload(receiver.received[0]!.body, key),
    );

    expect((await arlo.request('DELETE', `webhookendpoints/${id}/`)).status).toBe(204);
    expect((await arlo.get(`webhookendpoints/${id}/`)).status).toBe(404);
  });

  it.each([
    [
      'another PayloadSchema',
      '<WebhookEndpoint><Endpoint>http://127.0.0.1:1/x</Endpoint><PayloadSchema>Xml</PayloadSchema></WebhookEndpoint>',
      /PayloadSchema/,
    ],
    [
      'a relative Endpoint',
      '<WebhookEndpoint><Endpoint>/hooks</Endpoint><PayloadSchema>Json_2019_11_01</PayloadSchema></WebhookEndpoint>',
      /absolute http/,
    ],
    [
      'an unknown event type',
      '<WebhookEndpoint><Endpoint>http://127.0.0.1:1/x</Endpoint><PayloadSchema>Json_2019_11_01</PayloadSchema><EventTypes>ContactExploded</EventTypes></WebhookEndpoint>',
      /not a supported event type/,
    ],
  ])('refuses %s with 400', async (_what, body, reason) => {
    const simulator = await startSimulator();
    open.push(simulator);
    const answer = await new ArloHttp(simulator).post('webhookendpoints/', body);
    expect(answer.status).toBe(400);
    expect(textAt(answer.xml, 'Message')).toMatch(reason);
  });
});
