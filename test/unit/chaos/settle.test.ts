/**
 * The chaos run's settle: it may call the run settled only when the comparison after it will find every
 * handled Arlo event in the ledger. Arlo (the simulator's control API) and the ledger are stand-ins here
 * that change while the settle looks, as a late push and the worker change them in a real run.
 */
import type { Db } from 'mongodb';

import { waitUntilSettled } from '../../../src/chaos/settle';
import type { PushIntent } from '../../../src/chaos/push-driver';
import type { SimulatorControlClient } from '../../../src/simulator/control-client';

const PLATFORM = 'settle.arlo.test';

/** Arlo's events and records, and the ledger, with hooks that run as the settle reads them. */
class World {
  events: { id: string; type: string }[] = [{ id: '100', type: 'Contact.Updated' }];
  organisations: { fields: Record<string, string>; deleted: boolean; mergedInto?: string }[] = [];
  ledger = new Set<string>(['100']);
  eventReads = 0;
  afterEventRead: (world: World) => void = () => undefined;

  /** A push that lands in Arlo: the record and its Created event in one step. */
  createOrganisation(externalId: string, eventId: string): void {
    this.organisations.push({ fields: { CodePrimary: externalId }, deleted: false });
    this.events.push({ id: eventId, type: 'Organisation.Created' });
  }

  control(): SimulatorControlClient {
    return {
      events: () => {
        const read = this.events.map((e) => ({ ...e }));
        this.eventReads += 1;
        this.afterEventRead(this);
        return Promise.resolve(read);
      },
      truth: (type: string) =>
        Promise.resolve(type === 'Organisation' ? this.organisations.map((o) => ({ ...o })) : []),
    } as unknown as SimulatorControlClient;
  }

  db(): Db {
    const rows = () => [...this.ledger].map((eventId) => ({ eventId }));
    return {
      collection: () => ({ find: () => ({ toArray: () => Promise.resolve(rows()) }) }),
    } as unknown as Db;
  }
}

const settle = (world: World, intents: PushIntent[]) =>
  waitUntilSettled({
    db: world.db(),
    platform: PLATFORM,
    control: world.control(),
    intents,
    deadline: Date.now() + 30_000,
  });

describe('chaos settle', () => {
  it('counts a push that lands while it looks: the events it reads include the push’s own', async () => {
    const world = new World();
    const intent: PushIntent = { resourceType: 'Organisation', externalId: 'ORG-1', fields: {} };
    // The push lands in Arlo just after the first read of the events; the worker ledgers its event
    // three reads later.
    world.afterEventRead = (w) => {
      if (w.eventReads === 1) w.createOrganisation('ORG-1', '101');
      if (w.eventReads === 4) w.ledger.add('101');
    };
    await expect(settle(world, [intent])).resolves.toBe(true);
    expect(world.ledger.has('101')).toBe(true);
  });

  it('waits for a second look with no new Arlo event before it calls the run settled', async () => {
    const world = new World();
    // Everything holds at the first look, then a late write makes an event the worker ledgers later.
    world.afterEventRead = (w) => {
      if (w.eventReads === 1) w.events.push({ id: '101', type: 'Contact.Updated' });
      if (w.eventReads === 3) w.ledger.add('101');
    };
    await expect(settle(world, [])).resolves.toBe(true);
    expect(world.ledger.has('101')).toBe(true);
    expect(world.eventReads).toBeGreaterThanOrEqual(4);
  });

  it('does not wait for events it does not handle', async () => {
    const world = new World();
    world.events.push({ id: '101', type: 'Unheard.Of' });
    await expect(settle(world, [])).resolves.toBe(true);
    expect(world.eventReads).toBe(2);
  });

  it('gives up at the deadline while an event stays out of the ledger', async () => {
    const world = new World();
    world.events.push({ id: '101', type: 'Contact.Updated' });
    const settled = await waitUntilSettled({
      db: world.db(),
      platform: PLATFORM,
      control: world.control(),
      intents: [],
      deadline: Date.now() + 1_500,
    });
    expect(settled).toBe(false);
  });
});
