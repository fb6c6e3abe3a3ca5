/**
 * The fault schedule of a chaos run, drawn from its seed: which fault happens after how many Arlo events,
 * and for how long. Process faults (kills and restarts) are spread over the middle of the run, one slot
 * each, so every outage ends before the next begins and the system has events to absorb around it;
 * API faults (5xx, dropped connections, 429 bursts) are short windows anywhere in between.
 */
import { Prng } from '../simulator/prng';
import type { ChaosOptions } from './chaos-options';

export const PROCESS_FAULTS = [
  'worker-kill',
  'receiver-restart',
  'temporal-restart',
  'mongo-restart',
  'postgres-restart',
] as const;
export const API_FAULTS = ['server-errors', 'dropped-connections', 'burst-429'] as const;
export type ProcessFault = (typeof PROCESS_FAULTS)[number];
export type ApiFault = (typeof API_FAULTS)[number];
export type FaultKind = ProcessFault | ApiFault;

export interface FaultStep {
  /** Injected once the run has produced this many events. */
  readonly atEvent: number;
  readonly kind: FaultKind;
  /** Process faults: how long the process stays down. API faults: how long the window lasts. */
  readonly durationMs: number;
  /** burst-429: how many requests answer 429; server-errors / dropped-connections: the share (0..1). */
  readonly intensity: number;
}

/** Each API fault happens this many times per run. */
const API_WINDOWS_PER_KIND = 2;

const DOWN_MS: Record<ProcessFault, readonly [min: number, max: number]> = {
  'worker-kill': [1_000, 4_000],
  'receiver-restart': [500, 2_000],
  'temporal-restart': [2_000, 6_000],
  'mongo-restart': [2_000, 6_000],
  'postgres-restart': [2_000, 6_000],
};

export function planFaults(
  options: Pick<
    ChaosOptions,
    | 'events'
    | 'seed'
    | 'workerKills'
    | 'temporalRestarts'
    | 'mongoRestarts'
    | 'receiverRestarts'
    | 'postgresRestarts'
  >,
): FaultStep[] {
  const rng = new Prng(options.seed).derive('fault-plan');
  const processKinds: ProcessFault[] = [
    ...repeat('worker-kill', options.workerKills),
    ...repeat('receiver-restart', options.receiverRestarts),
    ...repeat('temporal-restart', options.temporalRestarts),
    ...repeat('mongo-restart', options.mongoRestarts),
    ...repeat('postgres-restart', options.postgresRestarts),
  ];
  shuffle(processKinds, rng);

  // Slots between 10 % and 80 % of the events, jittered within the middle half of each slot.
  const from = 0.1;
  const width = (0.8 - from) / Math.max(processKinds.length, 1);
  const steps: FaultStep[] = processKinds.map((kind, slot) => {
    const [min, max] = DOWN_MS[kind];
    const position = from + width * (slot + 0.25 + rng.next() * 0.5);
    return {
      atEvent: Math.floor(options.events * position),
      kind,
      durationMs: rng.between(min, max),
      intensity: 1,
    };
  });

  for (const kind of API_FAULTS) {
    for (let i = 0; i < API_WINDOWS_PER_KIND; i++) {
      steps.push({
        atEvent: Math.floor(options.events * (0.05 + rng.next() * 0.8)),
        kind,
        durationMs: rng.between(2_000, 5_000),
        intensity: kind === 'burst-429' ? rng.between(5, 20) : 0.05 + rng.next() * 0.1,
      });
    }
  }
  return steps.sort((a, b) => a.atEvent - b.atEvent);
}

export function isProcessFault(kind: FaultKind): kind is ProcessFault {
  return (PROCESS_FAULTS as readonly string[]).includes(kind);
}

function repeat(value: ProcessFault, times: number): ProcessFault[] {
  return Array.from({ length: times }, () => value);
}

/** Fisher–Yates with the seeded generator, so the same seed gives the same order. */
function shuffle(items: ProcessFault[], rng: Prng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j] as ProcessFault, items[i] as ProcessFault];
  }
}
