/**
 * The figures a chaos run ends with, the one summary line it prints, and the verdict: any loss, any
 * wrong record, any duplicate side effect, any unprocessed event, any request beyond the enforced Arlo
 * budget or a timeout fails the run.
 */

export interface ChaosFigures {
  readonly seed: number;
  readonly durationMs: number;
  /** Handled Arlo events the platform emitted (each must end in the ledger). */
  readonly eventsDelivered: number;
  /** Callbacks the simulator sent a second time on purpose. */
  readonly duplicatesInjected: number;
  /** Every fault step executed, plus the webhook drops and reorders the simulator reported. */
  readonly faultsInjected: number;
  readonly faultsByKind: Readonly<Record<string, number>>;
  readonly recordsCompared: number;
  readonly recordsLost: number;
  readonly recordsWrong: number;
  readonly duplicateSideEffects: number;
  /** Events in the platform's log that never reached the ledger. */
  readonly eventsUnprocessed: number;
  /** Arlo requests the simulator's enforced budget refused with 429 (the injected 429s not counted). */
  readonly budgetExceeded: number;
  readonly pushesAccepted: number;
  /** Worker or receiver exits nobody asked for (restarted by the run, as a supervisor would). */
  readonly unexpectedExits: number;
  /** The first few differences, to start an investigation from. */
  readonly problems: readonly string[];
  /** The time limit ran out or the run was interrupted (Ctrl-C): nothing was compared. */
  readonly timedOut: boolean;
}

export function chaosPassed(figures: ChaosFigures): boolean {
  return (
    !figures.timedOut &&
    figures.recordsLost === 0 &&
    figures.recordsWrong === 0 &&
    figures.duplicateSideEffects === 0 &&
    figures.eventsUnprocessed === 0 &&
    figures.budgetExceeded === 0
  );
}

export function formatSummary(figures: ChaosFigures): string {
  const extra = [
    ...(figures.eventsUnprocessed > 0 ? [`events unprocessed ${figures.eventsUnprocessed}`] : []),
    ...(figures.budgetExceeded > 0 ? [`Arlo budget exceeded ${figures.budgetExceeded} times`] : []),
    ...(figures.timedOut ? ['STOPPED EARLY'] : []),
  ];
  return (
    `chaos: events delivered ${figures.eventsDelivered}, duplicates injected ${figures.duplicatesInjected}, ` +
    `faults injected ${figures.faultsInjected}, records compared ${figures.recordsCompared}, ` +
    `records lost ${figures.recordsLost}, records wrong ${figures.recordsWrong}, ` +
    `duplicate side effects ${figures.duplicateSideEffects}` +
    extra.map((e) => `, ${e}`).join('') +
    ` (seed ${figures.seed}, ${formatDuration(figures.durationMs)})`
  );
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
