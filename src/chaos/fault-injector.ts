/**
 * Executes the fault schedule against the stack while the workload runs: each step waits until the run
 * has produced its number of events, then kills or restarts a process (and brings it back after its
 * outage) or opens a window of Arlo API faults on the simulator. Steps run one after another, so no two
 * outages overlap and every outage is shorter than what the product must absorb. With several workers or
 * receivers, each kill or restart takes the next one in turn (the others keep serving meanwhile).
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { ChaosStack } from './chaos-stack';
import type { FaultStep } from './fault-plan';

/** Counted as faults happen, so an interrupted run still reports what it injected. */
export interface FaultInjectorFigures {
  executed: number;
  readonly byKind: Record<string, number>;
}

export async function injectFaults(
  stack: ChaosStack,
  steps: readonly FaultStep[],
  produced: () => number,
  signal: AbortSignal,
  log: (line: string) => void,
  figures: FaultInjectorFigures,
): Promise<void> {
  const turns = { worker: 0, receiver: 0 };
  for (const step of steps) {
    while (produced() < step.atEvent) {
      signal.throwIfAborted();
      await delay(200);
    }
    signal.throwIfAborted();
    log(`fault at ${produced()} events: ${describe(step)}`);
    await inject(stack, step, turns);
    figures.byKind[step.kind] = (figures.byKind[step.kind] ?? 0) + 1;
    figures.executed += 1;
  }
}

async function inject(
  stack: ChaosStack,
  step: FaultStep,
  turns: { worker: number; receiver: number },
): Promise<void> {
  const control = stack.sim.control;
  switch (step.kind) {
    case 'worker-kill': {
      const worker = inTurn(stack.workers, turns.worker++);
      await worker.kill();
      await delay(step.durationMs);
      worker.start();
      return;
    }
    case 'receiver-restart': {
      const receiver = inTurn(stack.receivers, turns.receiver++);
      await receiver.stop();
      await delay(step.durationMs);
      receiver.start();
      await stack.waitForReceivers();
      return;
    }
    case 'temporal-restart':
      await stack.restartTemporal(step.durationMs);
      return;
    case 'mongo-restart':
      await stack.restartMongo(step.durationMs);
      return;
    case 'postgres-restart':
      if (!stack.restartPostgres) throw new Error(`the ${stack.lane} lane has no PostgreSQL to restart`);
      await stack.restartPostgres(step.durationMs);
      return;
    case 'server-errors':
      await control.setKnobs({ serverErrorRate: step.intensity });
      await delay(step.durationMs);
      await control.setKnobs({ serverErrorRate: 0 });
      return;
    case 'dropped-connections':
      await control.setKnobs({ dropConnectionRate: step.intensity });
      await delay(step.durationMs);
      await control.setKnobs({ dropConnectionRate: 0 });
      return;
    case 'burst-429':
      await control.setKnobs({ burst429: step.intensity });
      await delay(step.durationMs);
      return;
  }
}

function inTurn<T>(items: readonly T[], turn: number): T {
  return items[turn % items.length] as T;
}

function describe(step: FaultStep): string {
  switch (step.kind) {
    case 'server-errors':
    case 'dropped-connections':
      return `${step.kind} on ${(step.intensity * 100).toFixed(0)} % of Arlo requests for ${step.durationMs} ms`;
    case 'burst-429':
      return `${step.intensity} Arlo requests answered 429`;
    default:
      return `${step.kind}, down ${step.durationMs} ms`;
  }
}
