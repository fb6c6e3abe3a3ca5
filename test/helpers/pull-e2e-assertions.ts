/**
 * What the pull path's end-to-end tests check when the dust has settled: the mirror equals the
 * simulator's truth record by record, the watermark is the highest event ID, and every event is in the
 * ledger exactly once.
 */
import { isDeepStrictEqual } from 'node:util';

import { maxEventId } from '../../src/domain/event-id';
import type { ResourceType } from '../../src/domain/resource-types';
import { collections } from '../../src/store/collections';
import { findEntity } from '../../src/store/entity-mirror';
import { readWatermark } from '../../src/store/watermarks';
import type { PullE2E } from './pull-e2e';
import { settledValue } from './settled-value';

/** Seeds a small platform, then lets simulated Arlo users make `edits` changes (each emits events). */
export async function seedAndEdit(e2e: PullE2E, edits = 60): Promise<void> {
  await e2e.sim.control.seed({ counts: { Organisation: 10, Contact: 30, Event: 3 } });
  await e2e.sim.control.userEdits(edits);
}

/** Every record any event touched, compared with the simulator's truth: how many, and what differs. */
export async function compareWithTruth(e2e: PullE2E): Promise<{ compared: number; differences: string[] }> {
  const touched = new Map<ResourceType, Set<string>>();
  for (const event of await e2e.sim.control.events()) {
    const type = event.resourceType as ResourceType;
    touched.set(type, (touched.get(type) ?? new Set()).add(event.resourceId));
  }
  const differences: string[] = [];
  let compared = 0;
  for (const [type, ids] of touched) {
    for (const truth of await e2e.sim.control.truth(type)) {
      if (!ids.has(truth.id)) continue;
      compared += 1;
      const mirrored = await findEntity(e2e.mongo.db, e2e.platform, type, truth.id);
      const label = `${type} ${truth.id}`;
      if (truth.mergedInto !== undefined) {
        if (mirrored?.mergedInto !== truth.mergedInto)
          differences.push(`${label}: not merged into ${truth.mergedInto}`);
      } else if (truth.deleted) {
        if (!mirrored?.deleted) differences.push(`${label}: not tombstoned`);
      } else if (!mirrored || mirrored.deleted) {
        differences.push(`${label}: missing from the mirror`);
      } else if (!isDeepStrictEqual(mirrored.fields, truth.fields)) {
        differences.push(`${label}: ${JSON.stringify(mirrored.fields)} ≠ ${JSON.stringify(truth.fields)}`);
      }
    }
  }
  return { compared, differences };
}

export async function expectInSync(e2e: PullE2E, eventIds: string[]): Promise<void> {
  const { compared, differences } = await compareWithTruth(e2e);
  expect(differences).toEqual([]);
  expect(compared).toBeGreaterThanOrEqual(20);
  const ledger = await collections(e2e.mongo.db)
    .processedEvents.find({ platform: e2e.platform }, { projection: { eventId: 1 } })
    .toArray();
  expect(ledger.map((row) => row.eventId).sort()).toEqual([...eventIds].sort()); // Each exactly once.
  // The last batch raises the watermark after its ledger rows, which are what waitUntilProcessed waits for.
  const highest = maxEventId(eventIds);
  const watermark = await settledValue(
    async () => (await readWatermark(e2e.mongo.db, e2e.platform))?.eventId,
    (eventId) => eventId === highest,
  );
  expect(watermark).toBe(highest);
}
