/**
 * Executes the fault schedule against the stack while the workload runs: each step waits until the run
 * has produced its number of events, then kills or restarts a process (and brings it back after its
 * outage) or opens a window of Arlo API faults on the simulator. Steps run one after another, so no two
 * outages overlap and every outage is shorter than what the product must absorb.
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
  for (const step of steps) {
    while (produced() < step.atEvent) {
      signal.throwIfAborted();
      await delay(200);
    }
    signal.throwIfAborted();
    log(`fault at ${produced()} events: ${describe(step)}`);
    await inject(stack, step);
    figures.byKind[step.kind] = (figures.byKind[step.kind] ?? 0) + 1;
    figures.executed += 1;
  }
}

async function inject(stack: ChaosStack, step: FaultStep): Promise<void> {
  const control = stack.sim.control;
  switch (step.kind) {
    case 'worker-kill':
      await stack.worker.kill();
      await delay(step.durationMs);
      stack.worker.start();
      return;
    case 'receiver-restart':
      await stack.receiver.stop();
      await delay(step.durationMs);
      stack.receiver.start();
      await stack.waitForReceiver();
      return;
    case 'temporal-restart':
      await stack.restartTemporal(step.durationMs);
      return;
    case 'mongo-restart':
      await stack.restartMongo(step.durationMs);
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
