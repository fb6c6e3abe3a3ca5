/**
 * A simulator with a state file lives on across restarts, as `arlo-sync up`'s demo platform does: the
 * same records (sub-resources included), its retained events, event IDs going on upwards, the same
 * webhook endpoint and key, and nothing re-sent; a damaged file stops the start with what to do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { PlatformStateFileError } from '../../../src/simulator/persistence/platform-state-file';

jest.setTimeout(60_000);

let dir: string;
let stateFile: string;
const open: RunningSimulator[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-sim-state-'));
  stateFile = path.join(dir, 'simulator', 'demo.arlo.co.json');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((simulator) => simulator.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(options: { eventIdStart?: bigint } = {}): Promise<RunningSimulator> {
  const simulator = await startSimulator({ stateFile, ...options });
  open.push(simulator);
  return simulator;
}

async function stop(simulator: RunningSimulator): Promise<void> {
  open.splice(open.indexOf(simulator), 1);
  await simulator.close();
}

describe('a simulator with a state file', () => {
  it('continues after a restart: same records and endpoint, later event IDs, nothing re-sent', async () => {
    const first = await start();
    expect(first.restored).toBe(false);
    await first.control.seed({ counts: { Organisation: 3, Contact: 5 } });
    const endpoint = await first.control.registerWebhookEndpoint({
      url: 'http://127.0.0.1:9/hook',
      status: 'Inactive',
    });
    const contact = await first.control.createRecord('Contact', {
      fields: { FirstName: 'Ada', LastName: 'Lovelace' },
      employment: { fields: { Position: 'Analyst' }, organisationId: '1001' },
    });
    await first.control.merge('Contact', '1001', '1002');
    await first.control.userEdits(5);
    const before = {
      contacts: await first.control.truth('Contact'),
      requests: await first.control.truth('ContactMergeRequest'),
      events: await first.control.events(),
      next: (await first.control.state()).nextEventId,
    };
    await stop(first);

    const second = await start();
    expect(second.restored).toBe(true);
    expect(await second.control.truth('Contact')).toEqual(before.contacts);
    expect(await second.control.truthOf('Contact', contact.id)).toMatchObject({
      employment: { Position: 'Analyst', OrganisationID: '1001' },
    });
    expect(await second.control.events()).toEqual(before.events);
    expect((await second.control.state()).nextEventId).toBe(before.next);
    expect(await second.control.webhookEndpoints()).toEqual([endpoint]);
    expect(await second.control.deliveries()).toEqual([]);

    const edited = await second.control.updateRecord('Contact', contact.id, {
      fields: { FirstName: 'Augusta' },
    });
    const [event] = await second.control.events(String(BigInt(before.next) - 1n));
    expect(event?.id).toBe(before.next);
    expect(edited.lastModifiedDateTime > contact.lastModifiedDateTime).toBe(true);
    // A new merge request gets a GUID of its own, not a repeat of the restored one's.
    const merged = await second.control.merge('Contact', '1003', '1004');
    expect(before.requests.map((r) => r.id)).not.toContain(merged.request.id);
  });

  it('starts its event IDs at the floor it is given when that is above its own', async () => {
    const first = await start();
    await first.control.createRecord('Organisation', { fields: { Name: 'Acme' } });
    await stop(first);
    const second = await start({ eventIdStart: 7_000_000_000n });
    expect((await second.control.state()).nextEventId).toBe('7000000000');
  });

  it('refuses a damaged state file with what to do, and keeps the file', async () => {
    const first = await start();
    await stop(first);
    await writeFile(stateFile, '{"version": 1, "records": [');
    await expect(startSimulator({ stateFile })).rejects.toThrow(PlatformStateFileError);
    await expect(startSimulator({ stateFile })).rejects.toThrow(/is not valid JSON\. Move it away/);
  });
});
