/**
 * The Arlo client against the simulator's hostile-response knob, over real HTTP: malformed XML, an
 * entity-expansion bomb, an external entity (XXE), a document beyond ARLO_MAX_RESPONSE_BYTES, and
 * unexpected elements. Each ends in a typed ArloError (or, for unknown elements, in the right result)
 * well within the request timeout; nothing is ever expanded or fetched; the activities' failure mapping
 * makes each permanent failure non-retryable.
 */
import { ApplicationFailure } from '@temporalio/common';

import { toTemporalFailure } from '../../../activities/arlo-failure';
import {
  ArloMalformedResponseError,
  ArloResponseTooLargeError,
  createArloClient,
  type ArloClient,
} from '../../../src/arlo';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';

jest.setTimeout(60_000);

const TIMEOUT_MS = 5_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

let simulator: RunningSimulator;
let client: ArloClient;
let contactId: string;
let eventIds: string[];

beforeAll(async () => {
  simulator = await startSimulator({ seed: 11 });
  const seeded = await simulator.control.seed({ counts: { Organisation: 1, Contact: 3 } });
  contactId = seeded.created.Contact![0]!;
  // Seeding writes no events; Arlo-user edits do.
  const { edits } = await simulator.control.userEdits(3);
  eventIds = edits.map((edit) => edit.eventId).filter((id): id is string => id !== undefined);
  expect(eventIds.length).toBeGreaterThan(0);
  client = createArloClient({
    baseUrl: simulator.baseUrl,
    credentials: { kind: 'basic', ...simulator.credentials },
    timeoutMs: TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  });
});

afterAll(() => simulator.close());
afterEach(() => simulator.control.setKnobs({ hostile: null }));

/** The failure of `call`, with how long it took. */
async function failureOf(call: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, elapsedMs: performance.now() - started };
  }
  throw new Error('expected the call to fail');
}

function expectPermanent(error: unknown): void {
  const failure = toTemporalFailure(error);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect((failure as ApplicationFailure).nonRetryable).toBe(true);
  expect((failure as ApplicationFailure).type).toBe((error as Error).name);
}

const calls = {
  getResource: () => client.getResource('Contact', contactId),
  queryPlatformEvents: () => client.queryPlatformEvents(eventIds),
  listPage: () => client.listPage('Contact', { top: 2 }),
};

describe.each(Object.entries(calls))('%s', (_name, call) => {
  it.each([
    ['malformed-xml', /not well-formed/],
    ['entity-expansion', /DOCTYPE or ENTITY/],
    ['external-entity', /DOCTYPE or ENTITY/],
  ] as const)('%s → ArloMalformedResponseError, nothing expanded', async (kind, reason) => {
    await simulator.control.setKnobs({ hostile: { kind, remaining: 1 } });
    const heapBefore = process.memoryUsage().heapUsed;
    const { error, elapsedMs } = await failureOf(call);
    expect(error).toBeInstanceOf(ArloMalformedResponseError);
    expect((error as Error).message).toMatch(reason);
    // No expansion anywhere: not in the message, nor in the cause chain, nor in memory.
    const rendered = JSON.stringify(error) + String(error) + String((error as Error).cause);
    expect(rendered).not.toMatch(/lollol|root:|evil\.dtd/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS);
    expectPermanent(error);
  });

  it('an enormous document → ArloResponseTooLargeError, reading stopped at the limit', async () => {
    await simulator.control.setKnobs({
      hostile: { kind: 'enormous', remaining: 1 },
      enormousBytes: 64 * MAX_RESPONSE_BYTES,
    });
    const { error, elapsedMs } = await failureOf(call);
    expect(error).toBeInstanceOf(ArloResponseTooLargeError);
    expect((error as Error).message).toMatch(/ARLO_MAX_RESPONSE_BYTES/);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS);
    expectPermanent(error);
  });
});

describe('unexpected elements', () => {
  it('leave the known fields and links exactly as without them', async () => {
    const plain = await client.getResource('Contact', contactId);
    await simulator.control.setKnobs({ hostile: { kind: 'unexpected-elements', remaining: 1 } });
    const surprising = await client.getResource('Contact', contactId);
    // The known fields and links read exactly as without the surprises (which are kept as extra data).
    expect(surprising.entity.fields).toMatchObject(plain.entity.fields);
    expect(surprising.entity.links.map((link) => link.href)).toEqual(
      plain.entity.links.map((link) => link.href),
    );
    expect(surprising.xml).toContain('<UnexpectedElement');
  });

  it('in a PlatformEvents answer do not change the events read', async () => {
    const plain = await client.queryPlatformEvents(eventIds);
    await simulator.control.setKnobs({ hostile: { kind: 'unexpected-elements', remaining: 1 } });
    expect(await client.queryPlatformEvents(eventIds)).toEqual(plain);
  });
});

it('the simulator serves the external entity as a classic XXE document', async () => {
  await simulator.control.setKnobs({ hostile: { kind: 'external-entity', remaining: 1 } });
  const { username, password } = simulator.credentials;
  const response = await fetch(`${simulator.baseUrl}contacts/${contactId}/`, {
    headers: { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  const text = await response.text();
  expect(text).toContain('<!ENTITY xxe SYSTEM "file:///etc/passwd">');
  expect(text).toContain('&xxe;');
});
