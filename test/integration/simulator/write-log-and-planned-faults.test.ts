/**
 * Contract: the write log (every POST/PATCH/PUT with its body as received, for comparing what a client
 * sent with the guide's documents) and the `faultNext` knob (one endpoint fails the next N times, before
 * the write or after it), over real HTTP.
 */
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { ArloHttp } from '../../helpers/arlo-http';

jest.setTimeout(60_000);

let simulator: RunningSimulator;
let arlo: ArloHttp;
let contactId: string;

const INTEGRATION_DATA_PUT = 'PUT /contacts/:id/integrationdata/:vendor/';
const integrationData = (vendor: string, externalId: string) =>
  `<ContactIntegrationData><VendorID>${vendor}</VendorID><SuppressIntegration>false</SuppressIntegration>` +
  `<ID>${externalId}</ID></ContactIntegrationData>`;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 11 });
  arlo = new ArloHttp(simulator);
  const seeded = await simulator.control.seed({ counts: { Organisation: 1, Contact: 2 } });
  contactId = seeded.created.Contact![0]!;
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  await simulator.control.clearWrites();
});

describe('write log', () => {
  it('records each write with its route, status and the body exactly as sent, and no reads', async () => {
    const diff = '<diff><replace sel="Contact/FirstName/text()">R &amp; D</replace></diff>';
    await arlo.request('GET', `contacts/${contactId}/`);
    expect((await arlo.request('PATCH', `contacts/${contactId}/`, { body: diff })).status).toBe(200);
    expect((await arlo.request('PATCH', `contacts/${contactId}/`, { body: '<diff>' })).status).toBe(400);
    expect(await simulator.control.writes()).toEqual([
      {
        method: 'PATCH',
        route: '/contacts/:id/',
        url: expect.stringContaining(`/contacts/${contactId}/`),
        status: 200,
        body: diff,
      },
      { method: 'PATCH', route: '/contacts/:id/', url: expect.any(String), status: 400, body: '<diff>' },
    ]);
    await simulator.control.clearWrites();
    expect(await simulator.control.writes()).toEqual([]);
  });
});

describe('faultNext knob', () => {
  it('server-error: the next N requests to that endpoint answer 503 and write nothing', async () => {
    await simulator.control.setKnobs({
      faultNext: { endpoint: INTEGRATION_DATA_PUT, kind: 'server-error', remaining: 2 },
    });
    const path = `contacts/${contactId}/integrationdata/acme/`;
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await arlo.request('PUT', path, { body: integrationData('acme', 'E1') })).status);
    }
    // 201 Created on the third: the two failed PUTs stored nothing.
    expect(statuses).toEqual([503, 503, 201]);
    expect((await simulator.control.knobs()).faultNext).toBeNull();
  });

  it('answer-lost: the write happens, then the connection drops without an answer', async () => {
    await simulator.control.setKnobs({
      faultNext: { endpoint: INTEGRATION_DATA_PUT, kind: 'answer-lost', remaining: 1 },
    });
    const path = `contacts/${contactId}/integrationdata/lost/`;
    await expect(arlo.request('PUT', path, { body: integrationData('lost', 'E2') })).rejects.toThrow();
    const stored = await arlo.request('GET', path);
    expect(stored.status).toBe(200);
    expect(stored.text).toContain('<ID>E2</ID>');
    expect((await simulator.control.writes()).map((w) => w.status)).toEqual([0]);
  });
});
