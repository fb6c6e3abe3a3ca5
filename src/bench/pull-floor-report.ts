/**
 * What `bench --only pull-floor` reports: each path's figures side by side, the pull path's against its
 * targets, the two ratios to the floor (saturated throughput, and CPU an event over all processes), and
 * the budget floor's against the floor: what any design that leaves the Arlo budget to the Temporal
 * server pays before it does any work of its own.
 */
import { REDELIVERIES } from './callback-generator';
import { ACK_RATE, EVENTS_PER_CALLBACK, QUIET_ACK_RATE, type PathFigures } from './pull-floor-path';
import { roundTo, type BenchmarkResult } from './report';

export type PullFloorResult = BenchmarkResult & {
  ratio: number;
  cpuRatio: number;
  /** The budget floor's saturated throughput ÷ the floor's. */
  budgetFloorRatio: number;
  floor: PathFigures;
  budgetFloor: PathFigures;
  pull: PathFigures;
};

export function describePullFloor(
  floor: PathFigures,
  budgetFloor: PathFigures,
  pull: PathFigures,
  rates: readonly number[],
): PullFloorResult {
  const throughputRatio = (path: PathFigures) =>
    Math.round((path.saturatedEventsPerSecond / floor.saturatedEventsPerSecond) * 100) / 100;
  const ratio = throughputRatio(pull);
  const budgetFloorRatio = throughputRatio(budgetFloor);
  // On a CPU-bound machine saturated throughput tends to the inverse of the CPU an event costs, and that
  // cost moves far less with the other tenants' load than a saturated step does (one floor read 42 and 80
  // events/s in two runs an hour apart; its CPU per event 24 and 29 ms).
  const cpuPerEvent = (p: PathFigures) =>
    roundTo(
      Object.values(p.cpuMsPerEvent).reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
      1,
    );
  const cpuRatio = Math.round((cpuPerEvent(floor) / cpuPerEvent(pull)) * 100) / 100;
  const figuresOf = (p: PathFigures, targets: Record<string, string> = {}) => [
    { name: `${p.label}: saturated throughput`, value: p.saturatedEventsPerSecond, unit: 'events/s' },
    { name: `${p.label}: ack p50 at ${ACK_RATE} callbacks/s`, value: p.ackMsAt5.p50, unit: 'ms' },
    {
      name: `${p.label}: ack p99 at ${ACK_RATE} callbacks/s (of ${p.ackMsAt5.callbacks})`,
      value: p.ackMsAt5.p99,
      unit: 'ms',
      target: targets.ack,
    },
    { name: `${p.label}: ack p50 at ${QUIET_ACK_RATE} callbacks/s`, value: p.ackMsQuiet.p50, unit: 'ms' },
    {
      name: `${p.label}: ack p99 at ${QUIET_ACK_RATE} callbacks/s (of ${p.ackMsQuiet.callbacks})`,
      value: p.ackMsQuiet.p99,
      unit: 'ms',
    },
    {
      name: `${p.label}: history events per event at ${ACK_RATE}/s`,
      value: p.historyPerEventAt5,
      unit: 'events',
      target: targets.history,
    },
    {
      name: `${p.label}: history events per event saturated`,
      value: p.historyPerEventSaturated,
      unit: 'events',
      target: targets.history,
    },
    ...(p.persistenceAt5 === undefined
      ? []
      : [
          {
            name: `${p.label}: Temporal persistence calls per event at ${ACK_RATE}/s`,
            value: roundTo(p.persistenceAt5.requestsPerEvent, 1),
            unit: 'calls',
          },
          {
            // The dev server's one SQLite connection is where an acknowledgement's starts wait.
            name: `${p.label}: calls in Temporal's persistence at ${ACK_RATE}/s, on average`,
            value: roundTo(p.persistenceAt5.callsInPersistence, 2),
            unit: 'calls',
          },
        ]),
    {
      name: `${p.label}: workflow tasks timed out, rising load (from Temporal)`,
      value: p.workflowTasksTimedOut,
      unit: 'tasks',
    },
    ...(p.eventsPerBatchSaturated === undefined
      ? []
      : [
          {
            name: `${p.label}: events per batch workflow saturated`,
            value: p.eventsPerBatchSaturated,
            unit: 'events',
          },
        ]),
    {
      name: `${p.label}: edit → done p50 at 1 edit/s`,
      value: p.editToDoneMs.p50,
      unit: 'ms',
      target: targets.p50,
    },
    {
      name: `${p.label}: edit → done p99 at 1 edit/s`,
      value: p.editToDoneMs.p99,
      unit: 'ms',
      target: targets.p99,
    },
    { name: `${p.label}: events not completed`, value: p.notCompleted, unit: 'events', target: '0' },
    {
      name: `${p.label}: callbacks refused at first delivery (delivered again)`,
      value: p.refusedCallbacks,
      unit: 'callbacks',
    },
    {
      name: `${p.label}: callbacks refused after ${REDELIVERIES} redeliveries`,
      value: p.abandonedCallbacks,
      unit: 'callbacks',
      target: '0',
    },
    ...Object.entries(p.cpuMsPerEvent).map(([process, ms]) => ({
      name: `${p.label}: CPU per event, ${process}`,
      value: ms ?? Number.NaN,
      unit: 'ms',
    })),
    { name: `${p.label}: CPU per event, all processes`, value: cpuPerEvent(p), unit: 'ms' },
    ...(p.storeCommandsPerEvent
      ? [
          {
            name: `${p.label}: worker's store commands per event`,
            value: roundTo(
              Object.values(p.storeCommandsPerEvent).reduce((sum, n) => sum + n, 0),
              1,
            ),
            unit: 'commands',
          },
        ]
      : []),
  ];
  return {
    benchmark: 'pull-floor',
    description:
      `the pull path beside its floor (a workflow per event, one empty local activity) and its budget ` +
      `floor (the floor with the pull path's batch workflows on a rate-limited queue, no other work) on ` +
      `one server, signed ${EVENTS_PER_CALLBACK}-event callbacks posted straight to the receiver at ` +
      `${rates.join(', ')}/s, the three paths taking turns at each rate`,
    figures: [
      ...figuresOf(floor),
      ...figuresOf(budgetFloor),
      ...figuresOf(pull, {
        ack: `≤ ${Math.round(floor.ackMsAt5.p99 * 1.2)} (1.2 × floor)`,
        history: '≤ 9',
        p50: '≤ 300',
        p99: '≤ 1000',
      }),
      { name: 'ratio (pull ÷ floor, saturated throughput)', value: ratio, unit: '', target: '≥ 0.8' },
      { name: 'ratio by CPU per event (floor ÷ pull, all processes)', value: cpuRatio, unit: '' },
      {
        name: `ack p99 ratio (pull ÷ floor) at ${ACK_RATE} callbacks/s`,
        value: ackRatio(pull.ackMsAt5, floor.ackMsAt5),
        unit: '',
        target: '≤ 1.2',
      },
      {
        name: `ack p99 ratio (pull ÷ floor) at ${QUIET_ACK_RATE} callbacks/s, below saturation`,
        value: ackRatio(pull.ackMsQuiet, floor.ackMsQuiet),
        unit: '',
      },
      { name: 'budget floor ÷ floor, saturated throughput', value: budgetFloorRatio, unit: '' },
      {
        name: `ack p99 ratio (budget floor ÷ floor) at ${ACK_RATE} callbacks/s`,
        value: ackRatio(budgetFloor.ackMsAt5, floor.ackMsAt5),
        unit: '',
      },
    ],
    notes: [
      ...[floor, budgetFloor, pull].map(
        (p) =>
          `${p.label}: load average ${p.loadAverage.map((l) => l.toFixed(1)).join(' → ')}; ` +
          p.steps
            .map(
              (s) =>
                `${s.callbacksPerSecond}/s → ${s.eventsPerSecond} events/s (CPU ${Math.round(s.cpuBusy * 100)} %)`,
            )
            .join(', '),
      ),
      `pull path: the worker's store commands per event: ` +
        Object.entries(pull.storeCommandsPerEvent ?? {})
          .map(([command, perEvent]) => `${command} ${perEvent}`)
          .join(', '),
    ],
    ratio,
    cpuRatio,
    budgetFloorRatio,
    floor,
    budgetFloor,
    pull,
  };
}

const ackRatio = (path: { p99: number }, floor: { p99: number }) =>
  Math.round((path.p99 / floor.p99) * 100) / 100;
