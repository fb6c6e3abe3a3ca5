/**
 * Demo mode for the one-command run: a realistic platform (about 200 records of every kind) that keeps
 * changing as its users work, a few edits per second, so a newcomer watches webhooks arrive, workflows
 * run and the mirror move.
 */
import { seed } from './seed/seed';
import { SEED_ORDER, type SeedableType } from './seed/sample-data';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './start-simulator';
import { performUserEdit } from './user-edits';

export interface DemoOptions {
  /** Drive an already running simulator; otherwise one is started with `simulatorOptions`. */
  readonly simulator?: RunningSimulator;
  readonly simulatorOptions?: SimulatorOptions;
  /** Records to seed before editing starts (default 200), unless the simulator restored its platform. */
  readonly seedRecords?: number;
  /** Arlo-user edits per second (default 2; 0 seeds only). */
  readonly editsPerSecond?: number;
  /** Told about every edit, e.g. to log it. */
  readonly onEdit?: (description: string, eventId: string | undefined) => void;
}

export interface RunningDemo {
  readonly simulator: RunningSimulator;
  /** Stops editing; closes the simulator too if the demo started it. */
  stop(): Promise<void>;
}

/** How a realistic platform's records split across types (sums to 1). */
const MIX: Readonly<Record<SeedableType, number>> = {
  EventTemplate: 0.04,
  Organisation: 0.12,
  Contact: 0.45,
  Event: 0.08,
  OnlineActivity: 0.02,
  Registration: 0.2,
  Order: 0.05,
  Lead: 0.02,
  CreditNote: 0.02,
};

export async function runDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const owned = options.simulator === undefined;
  const simulator = options.simulator ?? (await startSimulator(options.simulatorOptions));
  const total = options.seedRecords ?? 200;
  const counts = Object.fromEntries(
    SEED_ORDER.map((type) => [type, Math.max(1, Math.round(total * MIX[type]))]),
  );
  // A platform restored from its state file already has its records: it continues, as Arlo would.
  if (!simulator.restored) seed(simulator.core, { counts, emitEvents: false });

  const perSecond = options.editsPerSecond ?? 2;
  const rng = simulator.core.users.derive('demo');
  const timer =
    perSecond > 0
      ? setInterval(
          () => {
            const edit = performUserEdit(simulator.core, rng);
            options.onEdit?.(edit.description, edit.event?.id);
          },
          Math.max(1, Math.round(1000 / perSecond)),
        )
      : undefined;

  let stopped: Promise<void> | undefined;
  return {
    simulator,
    stop: () => {
      stopped ??= (async () => {
        if (timer) clearInterval(timer);
        if (owned) await simulator.close();
      })();
      return stopped;
    },
  };
}
