/**
 * Contract: authentication (401), content negotiation (406), routing (404/405), and every API-side
 * fault knob (rate limit, 429 bursts, 5xx, dropped connections, latency, merged-record 308s, hostile
 * responses), plus the per-endpoint request counters, over real HTTP.
 */
import http from 'node:http';

import { ManualClock, startSimulator, type RunningSimulator } from '../../../src/simulator';
import { readXml } from '../../../src/simulator/xml/xml-reader';
import { ArloHttp, basicAuth, textAt } from '../../helpers/arlo-http';

// The integration project's `testTimeout` does not apply (jest reads it only at the top level), and the
// machine is shared: allow slow runs. A safety net against hangs, not a speed assertion.
jest.setTimeout(60_000);

let simulator: RunningSimulator;
let arlo: ArloHttp;
let clock: ManualClock;
let contactId: string;

beforeAll(async () => {
  clock = new ManualClock('2024-03-01T00:00:00.000Z');
  simulator = await startSimulator({ clock, seed: 7 });
  arlo = new ArloHttp(simulator);
  const seeded = await simulator.control.seed({ counts: { Organisation: 2, Contact: 5 } });
  contactId = seeded.created.Contact![0]!;
});

afterAll(async () => {
  await simulator.close();
});

afterEach(async () => {
  await simulator.control.setKnobs({
    rateLimit: null,
    burst429: 0,
    serverErrorRate: 0,
    dropConnectionRate: 0,
    latencyMs: { min: 0, max: 0 },
    mergedRedirect: false,
    hostile: null,
  });
});

describe('authentication and negotiation', () => {
  it('answers 401 with a Basic challenge without or with wrong credentials', async () => {
    const none = await arlo.get(`contacts/${contactId}/`, { authorization: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(textAt(none.xml, 'Code')).toBe('Unauthorized');
    expect(
      (await arlo.get(`contacts/${contactId}/`, { authorization: basicAuth('api-user', 'wrong') })).status,
    ).toBe(401);
    expect((await arlo.get(`contacts/${contactId}/`, { authorization: 'Bearer abc' })).status).toBe(401);
  });

  it('answers 406 when the client does not accept XML, and serves */* or no Accept', async () => {
    expect((await arlo.get(`contacts/${contactId}/`, { accept: 'application/json' })).status).toBe(406);
    expect((await arlo.get(`contacts/${contactId}/`, { accept: '*/*' })).status).toBe(200);
    expect((await arlo.get(`contacts/${contactId}/`, { accept: null })).status).toBe(200);
  });

  it('answers 404 outside the API and for unknown records, 405 with Allow for a wrong method', async () => {
    expect(
      (await arlo.get(simulator.baseUrl.replace('/api/2012-02-01/auth/resources/', '/elsewhere/'))).status,
    ).toBe(404);
    expect((await arlo.get('contacts/424242/')).status).toBe(404);
    expect((await arlo.get('contactmergerequests/not-a-guid/')).status).toBe(404);
    const wrong = await arlo.request('DELETE', `contacts/${contactId}/`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
  });

  it('never exposes the control API on the Arlo port', async () => {
    const origin = new URL(simulator.baseUrl).origin;
    expect((await arlo.get(`${origin}/seed`)).status).toBe(404);
    expect((await arlo.get(`${origin}/knobs`)).status).toBe(404);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and the documented JSON body once the per-minute budget is spent', async () => {
    await simulator.control.setKnobs({ rateLimit: { requestsPerMinute: 3, retryAfterSeconds: 60 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await arlo.get(`contacts/${contactId}/`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await arlo.get(`contacts/${contactId}/`);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(limited.text)).toEqual({
      error: 'rate_limit_exceeded',
      message: expect.any(String),
      retryAfter: 60,
    });
    clock.advance(60_000);
    expect((await arlo.get(`contacts/${contactId}/`)).status).toBe(200);
  });

  it('counts the 429s of the enforced budget apart from the injected ones', async () => {
    clock.advance(60_000); // A fresh window, whatever the tests before spent.
    await simulator.control.resetCounters();
    await simulator.control.setKnobs({
      rateLimit: { requestsPerMinute: 1, retryAfterSeconds: 1 },
      burst429: 1,
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await arlo.get(`contacts/${contactId}/`)).status);
    expect(statuses).toEqual([429, 200, 429]);
    const counters = await simulator.control.counters();
    expect(counters.byStatus['429']).toBe(2);
    expect(counters.rateLimited).toBe(1);
  });

  it('answers the next N requests 429 on a burst, whatever the limit', async () => {
    await simulator.control.setKnobs({ burst429: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await arlo.get(`contacts/${contactId}/`)).status);
    expect(statuses).toEqual([429, 429, 200]);
  });
});

describe('failure knobs', () => {
  it('answers 500, 502 or 503 at roughly the configured rate, and 200 otherwise', async () => {
    await simulator.control.setKnobs({ serverErrorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await arlo.get(`contacts/${contactId}/`)).status);
    const errors = statuses.filter((s) => s >= 500);
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.length).toBeLessThan(50);
    expect(new Set(errors).size).toBeGreaterThan(1);
    expect(statuses.filter((s) => s !== 200 && s < 500)).toEqual([]);
  });

  it('drops connections without an answer', async () => {
    await simulator.control.setKnobs({ dropConnectionRate: 1 });
    await expect(arlo.get(`contacts/${contactId}/`)).rejects.toThrow();
    await simulator.control.setKnobs({ dropConnectionRate: 0 });
    expect((await arlo.get(`contacts/${contactId}/`)).status).toBe(200);
  });

  it('adds latency before answering', async () => {
    await simulator.control.setKnobs({ latencyMs: { min: 120, max: 150 } });
    const started = performance.now();
    expect((await arlo.get(`contacts/${contactId}/`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('merged contacts', () => {
  it('answer 404 by default and 308 with Location and the merge request when the knob is on', async () => {
    const [source, destination] = (await simulator.control.seed({ counts: { Contact: 2 } })).created.Contact!;
    const merge = await simulator.control.merge('Contact', source!, destination!);
    expect((await arlo.get(`contacts/${source!}/`)).status).toBe(404);
    await simulator.control.setKnobs({ mergedRedirect: true });
    const moved = await arlo.get(`contacts/${source!}/`);
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe(`${simulator.baseUrl}contacts/${destination!}/`);
    expect(moved.headers.get('link')).toContain(`contactmergerequests/${merge.request.id}/`);
    const request = await arlo.get(`contactmergerequests/${merge.request.id}/`);
    expect(textAt(request.xml, 'SourceContactInfo/ContactID')).toBe(source);
    expect(textAt(request.xml, 'DestinationContactInfo/ContactID')).toBe(destination);
    const events = (await simulator.control.events()).slice(-3).map((e) => e.type);
    expect(events).toEqual(['ContactMergeRequest.Created', 'Contact.Deleted', 'Contact.Updated']);
  });
});

describe('hostile responses', () => {
  it('malformed XML is not well-formed', async () => {
    await simulator.control.setKnobs({ hostile: { kind: 'malformed-xml', remaining: 1 } });
    const answer = await arlo.get(`contacts/${contactId}/`);
    expect(answer.status).toBe(200);
    expect(() => readXml(answer.text)).toThrow();
    expect((await arlo.get(`contacts/${contactId}/`)).xml?.name).toBe('Contact'); // only the next one
  });

  it('entity expansion carries a DOCTYPE with nested entities', async () => {
    await simulator.control.setKnobs({ hostile: { kind: 'entity-expansion', remaining: 1 } });
    const answer = await arlo.get(`contacts/${contactId}/`);
    expect(answer.text).toMatch(/^<\?xml version="1.0"\?><!DOCTYPE Contact \[<!ENTITY lol0 "lol">/);
    expect(answer.text).toContain('&lol9;');
  });

  it('an enormous document is streamed to the configured size', async () => {
    await simulator.control.setKnobs({
      hostile: { kind: 'enormous', remaining: 1 },
      enormousBytes: 3 * 1024 * 1024,
    });
    const bytes = await new Promise<number>((resolve, reject) => {
      const { username, password } = simulator.credentials;
      http
        .get(
          `${simulator.baseUrl}contacts/${contactId}/`,
          { headers: { Authorization: basicAuth(username, password) } },
          (response) => {
            let total = 0;
            response.on('data', (chunk: Buffer) => (total += chunk.length));
            response.on('end', () => resolve(total));
          },
        )
        .on('error', reject);
    });
    expect(bytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
  });

  it('unexpected elements surround a still-valid representation', async () => {
    await simulator.control.setKnobs({ hostile: { kind: 'unexpected-elements', remaining: 1 } });
    const answer = await arlo.get(`contacts/${contactId}/`);
    expect(answer.xml?.name).toBe('Contact');
    expect(textAt(answer.xml, 'UnexpectedElement/Nested')).toBe('value');
    expect(textAt(answer.xml, 'ContactID')).toBe(contactId);
  });
});

describe('request counters', () => {
  it('count per endpoint pattern and status, including refused requests, and reset', async () => {
    await simulator.control.resetCounters();
    await arlo.get(`contacts/${contactId}/`);
    await arlo.get(`contacts/${contactId}/`);
    await arlo.get('contacts/?top=1');
    await arlo.get(`contacts/${contactId}/`, { authorization: null });
    await simulator.control.setKnobs({ burst429: 1 });
    await arlo.get('organisations/?top=1');
    const counters = await simulator.control.counters();
    expect(counters.byEndpoint).toEqual({
      'GET /contacts/:id/': { total: 3, byStatus: { '200': 2, '401': 1 } },
      'GET /contacts/': { total: 1, byStatus: { '200': 1 } },
      'GET /organisations/': { total: 1, byStatus: { '429': 1 } },
    });
    expect(counters.total).toBe(5);
    expect((await simulator.control.resetCounters()).total).toBe(0);
  });
});
