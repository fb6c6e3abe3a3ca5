/**
 * The Arlo side of a chaos run: a seeded platform, then Arlo users editing it at a steady pace (edits,
 * registrations, attendance, new contacts, merges; each emits PlatformEvents and signed webhooks, which
 * the simulator duplicates, reorders and drops as its knobs say). Counts the edits per record, so the
 * comparison can tell an Arlo user's edit of a pushed record from a needless PATCH.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { SimulatorControlClient } from '../simulator/control-client';

/** Share of callbacks duplicated, overtaken and lost while the run lasts. */
export const WEBHOOK_FAULTS = { duplicateRate: 0.1, reorderRate: 0.1, dropRate: 0.02 } as const;

const TICK_MS = 250;

export async function seedPlatform(control: SimulatorControlClient, records: number): Promise<void> {
  await control.seed({
    counts: {
      EventTemplate: 5,
      Organisation: Math.ceil(records * 0.2),
      Contact: Math.ceil(records * 0.6),
      Event: 10,
      Registration: Math.ceil(records * 0.2),
    },
  });
}

/** Edits until `produced()` reaches `targetEvents` (or the signal aborts). */
export async function runArloEdits(options: {
  readonly control: SimulatorControlClient;
  readonly editsPerSecond: number;
  readonly targetEvents: number;
  readonly produced: () => Promise<number>;
  readonly editsByRecord: Map<string, number>;
  readonly signal: AbortSignal;
}): Promise<number> {
  let owed = 0;
  let edits = 0;
  while ((await options.produced()) < options.targetEvents) {
    options.signal.throwIfAborted();
    owed += (options.editsPerSecond * TICK_MS) / 1000;
    const count = Math.floor(owed);
    if (count > 0) {
      owed -= count;
      const result = await options.control.userEdits(count);
      edits += count;
      for (const edit of result.edits) {
        const touched = /^(\w+) (\d+)/.exec(edit.description);
        if (touched) {
          const key = `${touched[1]} ${touched[2]}`;
          options.editsByRecord.set(key, (options.editsByRecord.get(key) ?? 0) + 1);
        }
      }
    }
    await delay(TICK_MS);
  }
  return edits;
}
