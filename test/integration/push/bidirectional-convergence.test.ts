/**
 * Both directions at once, every part real (test/helpers/push-e2e.ts): the external system pushes its
 * records over HTTP while Arlo users edit the same records in the simulator, which sends a webhook for
 * every write, ours included. A seeded sequence of steps, so a failure replays. Afterwards the records
 * must agree with the ownership rules (the external system's values in the fields it owns, the Arlo
 * users' values everywhere else), and the PATCHes must be the real changes plus at most one corrective
 * PATCH per Arlo-side edit of an owned field.
 */
import { Prng } from '../../../src/simulator/prng';
import { startPushE2E, type PushE2E } from '../../helpers/push-e2e';
import { uniqueName } from '../../helpers/test-stack';

jest.setTimeout(600_000);

const SEED = 20_261_123;
const RECORDS = 6;
const STEPS = 36;

interface Tracked {
  readonly code: string;
  arloId: string;
  /** What the external system holds: the owned fields it pushes, all of them every time. */
  readonly external: Record<string, string>;
  /** What Arlo users last wrote into a custom field the external system does not own. */
  tier?: string;
}

let e2e: PushE2E;

beforeAll(async () => {
  e2e = await startPushE2E();
}, 120_000);

afterAll(async () => {
  await e2e.close();
}, 120_000);

it('converges to the ownership rules with one PATCH per real change plus at most one per conflict', async () => {
  const prng = new Prng(SEED);
  const random = () => prng.next();
  const pick = <T>(items: readonly T[]): T => prng.pick(items);
  const records: Tracked[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const code = uniqueName(`HR${i}`);
    const external = {
      FirstName: `First ${i}`,
      LastName: `Last ${i}`,
      Email: `p${i}@hr.example`,
      CodePrimary: code,
    };
    const answer = await e2e.push('contacts', { externalId: code, fields: external });
    if (answer.body.outcome !== 'created') throw new Error(`setup: ${JSON.stringify(answer.body)}`);
    records.push({ code, arloId: answer.body.arloId, external });
  }
  await e2e.settle();
  await e2e.sim.control.clearWrites();

  let realChanges = 0;
  let ownedFieldEdits = 0;
  async function differencesFromIntent(): Promise<string[]> {
    const differences: string[] = [];
    for (const record of records) {
      const truth = await e2e.sim.control.truthOf('Contact', record.arloId);
      for (const [field, value] of Object.entries(record.external)) {
        if (truth.fields[field] !== value)
          differences.push(`${record.code}.${field}: ${truth.fields[field]} ≠ ${value}`);
      }
      if (record.tier !== undefined && truth.customFields?.MembershipTier !== record.tier) {
        differences.push(
          `${record.code}.MembershipTier: ${String(truth.customFields?.MembershipTier)} ≠ ${record.tier}`,
        );
      }
    }
    return differences;
  }

  for (let step = 0; step < STEPS; step++) {
    const record = pick(records);
    const roll = random();
    if (roll < 0.45) {
      // The external system changes one owned field and pushes the record as it holds it.
      const field = pick(['FirstName', 'LastName', 'Email']);
      record.external[field] = field === 'Email' ? `s${step}@hr.example` : `${field} ${step}`;
      const answer = await e2e.push('contacts', { externalId: record.code, fields: record.external });
      expect(answer.body.outcome).toBe('patched');
      realChanges += 1;
    } else if (roll < 0.7) {
      // An Arlo user edits a field Arlo owns: it stays.
      record.tier = `tier ${step}`;
      await e2e.sim.control.updateRecord('Contact', record.arloId, {
        customFields: { MembershipTier: record.tier },
      });
    } else {
      // An Arlo user edits a field the external system owns: external-wins corrects it.
      const field = pick(['FirstName', 'LastName']);
      await e2e.sim.control.updateRecord('Contact', record.arloId, {
        fields: { [field]: `arlo edit ${step}` },
      });
      ownedFieldEdits += 1;
    }
  }
  // Corrective PATCHes follow the events that caused them: wait for convergence, then for quiet. If it
  // never converges, the expectation below names every difference.
  await e2e
    .until('convergence', async () => (await differencesFromIntent()).length === 0)
    .catch(() => undefined);
  await e2e.settle(5000);

  const differences = await differencesFromIntent();
  expect(differences).toEqual([]);
  const patches = (await e2e.writes('PATCH')).length;
  expect(realChanges).toBeGreaterThan(5);
  expect(ownedFieldEdits).toBeGreaterThan(3);
  expect(patches).toBeGreaterThanOrEqual(realChanges);
  expect(patches).toBeLessThanOrEqual(realChanges + ownedFieldEdits);
  expect((await e2e.writes('POST')).length).toBe(0);
});
