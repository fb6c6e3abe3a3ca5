import type { ResourceType } from '../../../src/domain/resource-types';
import { ManualClock } from '../../../src/simulator/clock';
import { emptyState, SimPlatform, type CreateOptions } from '../../../src/simulator/platform';
import { Prng } from '../../../src/simulator/prng';
import type { SimRecord } from '../../../src/simulator/store/record';
import { applyRecordInput, type RecordInput } from '../../../src/simulator/write/record-input';

/** A platform in memory on a frozen clock, and a one-line way to add records to it. */
export function platformFixture(start = '2024-01-15T09:00:00.0000000Z') {
  const clock = new ManualClock(start);
  const platform = new SimPlatform({ clock, prng: new Prng(42), eventIdStart: 1n });
  const create = (type: ResourceType, input: RecordInput = {}, options: CreateOptions = {}): SimRecord =>
    platform.create(type, applyRecordInput(type, emptyState(), input, platform.store), {
      ...options,
      ...(input.id === undefined ? {} : { id: input.id }),
    });
  return { clock, platform, store: platform.store, create };
}
