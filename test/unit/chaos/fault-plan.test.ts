import { isProcessFault, planFaults, type FaultStep } from '../../../src/chaos/fault-plan';

const options = {
  events: 5000,
  seed: 42,
  workerKills: 3,
  temporalRestarts: 1,
  mongoRestarts: 1,
  receiverRestarts: 1,
  postgresRestarts: 0,
};

/** planFaults' first steps for seed 42 before the production lane's PostgreSQL restarts were added. */
const FIRST_STEPS_OF_SEED_42 = [
  'mongo-restart@900',
  'server-errors@1425',
  'receiver-restart@1449',
  'server-errors@1516',
];

const count = (steps: FaultStep[], kind: string) => steps.filter((s) => s.kind === kind).length;

describe('planFaults', () => {
  it('plans exactly the process faults asked for, plus two windows of each Arlo API fault', () => {
    const steps = planFaults(options);
    expect(count(steps, 'worker-kill')).toBe(3);
    expect(count(steps, 'temporal-restart')).toBe(1);
    expect(count(steps, 'mongo-restart')).toBe(1);
    expect(count(steps, 'receiver-restart')).toBe(1);
    expect(count(steps, 'server-errors')).toBe(2);
    expect(count(steps, 'dropped-connections')).toBe(2);
    expect(count(steps, 'burst-429')).toBe(2);
  });

  it('plans PostgreSQL restarts only when asked for (the production lane), as process faults', () => {
    expect(count(planFaults(options), 'postgres-restart')).toBe(0);
    const steps = planFaults({ ...options, postgresRestarts: 2 });
    expect(count(steps, 'postgres-restart')).toBe(2);
    expect(steps.filter((s) => s.kind === 'postgres-restart').every((s) => isProcessFault(s.kind))).toBe(
      true,
    );
  });

  it('keeps the schedule of a seed when PostgreSQL restarts are not asked for', () => {
    const positions = (steps: FaultStep[]) => steps.map((s) => `${s.kind}@${s.atEvent}`);
    expect(positions(planFaults(options)).slice(0, 4)).toEqual(FIRST_STEPS_OF_SEED_42);
  });

  it('gives the same schedule for the same seed and another for another seed', () => {
    expect(planFaults(options)).toEqual(planFaults(options));
    expect(planFaults({ ...options, seed: 43 })).not.toEqual(planFaults(options));
  });

  it('orders steps by event count and keeps them inside the run, process faults in its middle', () => {
    const steps = planFaults(options);
    const positions = steps.map((s) => s.atEvent);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const step of steps) {
      expect(step.atEvent).toBeGreaterThanOrEqual(0);
      expect(step.atEvent).toBeLessThan(options.events);
      if (isProcessFault(step.kind)) {
        expect(step.atEvent).toBeGreaterThanOrEqual(options.events * 0.1);
        expect(step.atEvent).toBeLessThanOrEqual(options.events * 0.8);
      }
    }
  });

  it('spaces process faults apart, one per slot', () => {
    const processSteps = planFaults(options).filter((s) => isProcessFault(s.kind));
    const slot = (options.events * 0.7) / processSteps.length;
    for (let i = 1; i < processSteps.length; i++) {
      const gap = (processSteps[i]?.atEvent ?? 0) - (processSteps[i - 1]?.atEvent ?? 0);
      expect(gap).toBeGreaterThanOrEqual(Math.floor(slot * 0.5) - 1);
    }
  });

  it('keeps outages short and intensities in range', () => {
    for (const step of planFaults(options)) {
      expect(step.durationMs).toBeGreaterThanOrEqual(500);
      expect(step.durationMs).toBeLessThanOrEqual(6_000);
      if (step.kind === 'burst-429') expect(step.intensity).toBeGreaterThanOrEqual(5);
      if (step.kind === 'server-errors' || step.kind === 'dropped-connections') {
        expect(step.intensity).toBeGreaterThan(0);
        expect(step.intensity).toBeLessThan(0.2);
      }
    }
  });

  it('plans no process fault when none is asked for', () => {
    const steps = planFaults({
      ...options,
      workerKills: 0,
      temporalRestarts: 0,
      mongoRestarts: 0,
      receiverRestarts: 0,
      postgresRestarts: 0,
    });
    expect(steps.filter((s) => isProcessFault(s.kind))).toEqual([]);
  });
});
