/**
 * The control API (seed, simulated Arlo users, truth, clock, validation), determinism per seed, and the
 * demo mode, over real HTTP.
 */
import {
  ManualClock,
  runDemo,
  SimulatorControlError,
  startSimulator,
  type RunningSimulator,
} from '../../../src/simulator';
import { childElements, isTextOnly, textContent } from '../../../src/simulator/xml/xml-node';
import { ArloHttp } from '../../helpers/arlo-http';

// The integration project's `testTimeout` does not apply (jest reads it only at the top level), and the
// machine is shared: allow slow runs. A safety net against hangs, not a speed assertion.
jest.setTimeout(60_000);

const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function simulatorAt(seed: number | string = 1): Promise<RunningSimulator> {
  const simulator = await startSimulator({ seed, clock: new ManualClock('2024-05-01T08:00:00.0000000Z') });
  open.push(simulator);
  return simulator;
}

async function rejection(promise: Promise<unknown>): Promise<SimulatorControlError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SimulatorControlError);
    return error as SimulatorControlError;
  }
  throw new Error('expected the control API to refuse');
}

describe('seed', () => {
  it('is deterministic: the same seed builds the same platform, another seed another', async () => {
    const counts = { EventTemplate: 2, Organisation: 5, Contact: 20, Event: 3, Registration: 10, Order: 3 };
    const [a, b, c] = await Promise.all([simulatorAt(5), simulatorAt(5), simulatorAt(6)]);
    await Promise.all([a, b, c].map((s) => s.control.seed({ counts })));
    expect(await a.control.truth('Contact')).toEqual(await b.control.truth('Contact'));
    expect(await a.control.truth('Registration')).toEqual(await b.control.truth('Registration'));
    expect(await a.control.truth('Contact')).not.toEqual(await c.control.truth('Contact'));
  });

  it('places 600 records in one millisecond, on distinct ticks or on one identical timestamp', async () => {
    const simulator = await simulatorAt();
    await simulator.control.seed({
      counts: { Contact: 600 },
      lastModified: { mode: 'sameMillisecond', at: '2024-04-30T10:00:00.250Z' },
    });
    await simulator.control.seed({
      counts: { Organisation: 600 },
      lastModified: { mode: 'identical', at: '2024-04-30T10:00:00.250Z' },
    });
    const contacts = (await simulator.control.truth('Contact')).map((c) => c.lastModifiedDateTime);
    expect(new Set(contacts).size).toBe(600);
    expect(contacts.every((t) => /^2024-04-30T10:00:00\.250\d{4}Z$/.test(t))).toBe(true);
    const organisations = (await simulator.control.truth('Organisation')).map((o) => o.lastModifiedDateTime);
    expect(new Set(organisations)).toEqual(new Set(['2024-04-30T10:00:00.2500000Z']));
  });

  it('spaces records and keeps later writes strictly later than any seeded timestamp', async () => {
    const simulator = await simulatorAt();
    await simulator.control.seed({
      counts: { Contact: 3 },
      lastModified: { mode: 'spaced', at: '2030-01-01T00:00:00.000Z', stepMs: 1000 },
    });
    const seeded = (await simulator.control.truth('Contact')).map((c) => c.lastModifiedDateTime);
    expect(seeded).toEqual([
      '2030-01-01T00:00:00.0000000Z',
      '2030-01-01T00:00:01.0000000Z',
      '2030-01-01T00:00:02.0000000Z',
    ]);
    const created = await simulator.control.createRecord('Contact', {
      fields: { FirstName: 'Later', LastName: 'Write' },
    });
    expect(created.lastModifiedDateTime > seeded[2]!).toBe(true);
  });

  it('is silent unless asked to emit events', async () => {
    const simulator = await simulatorAt();
    await simulator.control.seed({ counts: { Contact: 4 } });
    expect(await simulator.control.events()).toEqual([]);
    await simulator.control.seed({ counts: { Contact: 2 }, emitEvents: true });
    expect((await simulator.control.events()).map((e) => e.type)).toEqual([
      'Contact.Created',
      'Contact.Created',
    ]);
  });

  it.each([
    [{ counts: { Shoe: 1 } }, /Shoe|Invalid/],
    [{ counts: { Contact: 10_001 }, lastModified: { mode: 'sameMillisecond' } }, /at most 10000/],
    [{ counts: { Contact: 1 }, lastModified: { mode: 'identical', at: 'yesterday' } }, /not a UTC timestamp/],
    [{ counts: { Contact: -1 } }, /too small|>=0/],
  ])('refuses %j with 400 and a reason', async (request, reason) => {
    const simulator = await simulatorAt();
    const error = await rejection(simulator.control.seed(request as never));
    expect(error.status).toBe(400);
    expect(JSON.stringify(error.body)).toMatch(reason);
  });
});

describe('acting as an Arlo user', () => {
  it('creates, edits, deletes and merges, each with its event, all visible in the truth', async () => {
    const simulator = await simulatorAt();
    const control = simulator.control;
    const organisation = await control.createRecord('Organisation', { fields: { Name: 'Kauri Health' } });
    const contact = await control.createRecord('Contact', {
      id: '9000',
      fields: { FirstName: 'Aroha', LastName: 'Ngata', Email: 'aroha@example.org' },
      employment: { fields: { Position: 'Nurse' }, organisationId: organisation.id },
      postalAddress: { City: 'Nelson' },
      customFields: { Tier: 'Gold', Languages: ['en', 'mi'] },
      integrationData: { HRSystem: { ID: 'HR-1' } },
    });
    expect(contact).toMatchObject({
      id: '9000',
      employment: { Position: 'Nurse', OrganisationID: organisation.id },
      postalAddress: { City: 'Nelson' },
      customFields: { Tier: 'Gold', Languages: ['en', 'mi'] },
      integrationData: { hrsystem: { VendorID: 'HRSystem', ID: 'HR-1' } },
    });
    const updated = await control.updateRecord('Contact', '9000', {
      fields: { Email: null, PhoneMobile: '021 555' },
      employment: null,
    });
    expect(updated.fields.Email).toBeUndefined();
    expect(updated.fields.PhoneMobile).toBe('021 555');
    expect(updated.employment).toBeUndefined();
    expect(updated.lastModifiedDateTime > contact.lastModifiedDateTime).toBe(true);

    const other = await control.createRecord('Contact', { fields: { FirstName: 'Dup', LastName: 'Licate' } });
    const merged = await control.merge('Contact', other.id, '9000');
    expect(merged.source.mergedInto).toBe('9000');
    const removed = await control.deleteRecord('Organisation', organisation.id);
    expect(removed.deleted).toBe(true);

    expect((await control.events()).map((e) => `${e.type}:${e.resourceId}`)).toEqual([
      `Organisation.Created:${organisation.id}`,
      'Contact.Created:9000',
      'Contact.Updated:9000',
      `Contact.Created:${other.id}`,
      `ContactMergeRequest.Created:${merged.request.id}`,
      `Contact.Deleted:${other.id}`,
      'Contact.Updated:9000',
      `Organisation.Deleted:${organisation.id}`,
    ]);
    const arlo = new ArloHttp(simulator);
    expect((await arlo.get(`organisations/${organisation.id}/`)).status).toBe(404);
    expect((await control.truth('Organisation'))[0]).toMatchObject({ id: organisation.id, deleted: true });
  });

  it('reports as `fields` exactly the text-only children the API renders', async () => {
    const simulator = await simulatorAt();
    await simulator.control.seed({ counts: { Organisation: 3, Contact: 5, Event: 2, Registration: 4 } });
    const arlo = new ArloHttp(simulator);
    for (const [type, collection] of [
      ['Contact', 'contacts'],
      ['Registration', 'registrations'],
    ] as const) {
      for (const record of await simulator.control.truth(type)) {
        const answer = await arlo.get(`${collection}/${record.id}/`);
        const rendered = Object.fromEntries(
          childElements(answer.xml!)
            .filter((c) => c.name !== 'Link' && isTextOnly(c))
            .map((c) => [c.name, textContent(c)]),
        );
        expect(record.fields).toEqual(rendered);
      }
    }
  });

  it('performs random user edits, each producing a PlatformEvent', async () => {
    const simulator = await simulatorAt();
    await simulator.control.seed({ counts: { Organisation: 5, Contact: 30, Event: 3, Registration: 10 } });
    const { edits } = await simulator.control.userEdits(25);
    expect(edits).toHaveLength(25);
    expect(edits.every((e) => e.eventId !== undefined)).toBe(true);
    expect((await simulator.control.events()).length).toBeGreaterThanOrEqual(25);
  });

  it('refuses what an Arlo user could not do, with a reason', async () => {
    const simulator = await simulatorAt();
    const control = simulator.control;
    await control.createRecord('Contact', { id: '5', fields: { FirstName: 'A', LastName: 'B' } });
    const cases: [() => Promise<unknown>, number, RegExp][] = [
      [
        () => control.createRecord('Contact', { id: '5', fields: { FirstName: 'C', LastName: 'D' } }),
        400,
        /already exists/,
      ],
      [() => control.createRecord('Contact', { fields: { Shoe: '9' } }), 400, /no writable field ..Shoe/],
      [
        () => control.createRecord('Contact', { fields: { ContactID: '7' } }),
        400,
        /no writable field ..ContactID/,
      ],
      [
        () => control.createRecord('Registration', { refs: { Event: '424242' } }),
        400,
        /Event 424242 does not exist/,
      ],
      [() => control.createRecord('ContactMergeRequest', {}), 400, /merge/],
      [() => control.updateRecord('Contact', '404', { fields: { FirstName: 'X' } }), 404, /does not exist/],
      [() => control.setKnobs({ serverErrorRate: 2 }), 400, /serverErrorRate/],
      [() => control.setKnobs({ latencyMs: { min: 10, max: 5 } }), 400, /min must not exceed max/],
    ];
    for (const [call, status, reason] of cases) {
      const error = await rejection(call());
      expect({ status: error.status, body: JSON.stringify(error.body) }).toEqual({
        status,
        body: expect.stringMatching(reason),
      });
    }
  });

  it('advances the clock', async () => {
    const simulator = await simulatorAt();
    expect((await simulator.control.advanceClock(90_000)).now).toBe('2024-05-01T08:01:30.0000000Z');
  });

  it('draws fault decisions from the seed: the same seed answers the same sequence', async () => {
    const statuses = async (seed: number) => {
      const simulator = await simulatorAt(seed);
      await simulator.control.createRecord('Contact', { id: '1', fields: { FirstName: 'A', LastName: 'B' } });
      await simulator.control.setKnobs({ serverErrorRate: 0.5 });
      const arlo = new ArloHttp(simulator);
      const seen: number[] = [];
      for (let i = 0; i < 30; i++) seen.push((await arlo.get('contacts/1/')).status);
      return seen;
    };
    const [first, second, other] = [await statuses(3), await statuses(3), await statuses(4)];
    expect(first).toEqual(second);
    expect(first).not.toEqual(other);
  });
});

describe('runDemo', () => {
  it('seeds a realistic platform and keeps editing it until stopped', async () => {
    const demo = await runDemo({ seedRecords: 200, editsPerSecond: 40 });
    const state = await demo.simulator.control.state();
    const total = Object.values(state.records).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(190);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await demo.stop();
    // The demo started this simulator, so stopping it closed the simulator too.
    await expect(demo.simulator.control.state()).rejects.toThrow();
  });

  it('drives an existing simulator and leaves it running', async () => {
    const simulator = await simulatorAt();
    const edits: string[] = [];
    const demo = await runDemo({
      simulator,
      seedRecords: 50,
      editsPerSecond: 50,
      onEdit: (description) => edits.push(description),
    });
    while (edits.length < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    await demo.stop();
    const count = edits.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(edits).toHaveLength(count);
    expect((await simulator.control.events()).length).toBeGreaterThanOrEqual(5);
  });
});
