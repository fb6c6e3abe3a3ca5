import { z } from 'zod';

import { intBetween, trueOrFalse } from '../schemas';
import type { VariableDeclaration } from './declaration';

/** Tuning of the pull path, the bulk walks and the scheduled reconciliation. */
export const SYNC_VARIABLES = {
  ARLO_EVENT_QUERY_BATCH_SIZE: {
    group: 'pull',
    schema: intBetween(1, 250),
    default: '25',
    description: 'most event IDs per PlatformEvents query (1-250); concurrent callbacks share one',
    details:
      'A callback holds up to 10 (the size Arlo documents); 25 lets concurrent callbacks share a query,\nso queries per event fall below 0.1 under load.',
  },
  ARLO_EVENT_BATCH_WINDOW_MS: {
    group: 'pull',
    schema: intBetween(0, 10_000),
    default: '150',
    description: 'milliseconds a batch waits for more events before it is sent (0-10000)',
    details:
      'A batch leaves sooner once every callback its events came in has all its events in a batch (the\nreceiver says how many): a one-event callback does not wait at all.',
  },
  ARLO_EVENT_BATCH_INTERVAL_MS: {
    group: 'pull',
    schema: intBetween(0, 60_000),
    default: '750',
    description: 'least milliseconds between two part-filled PlatformEvents queries of one worker (0-60000)',
    details:
      'A full batch leaves at once. At 1 edit/s callbacks are a second apart anyway (below a second, so\ntheir jitter adds no wait); at 20 edits/s a query carries about 15 events instead of the 3 that one\n150 ms window holds.',
  },
  ARLO_EVENT_OUTCOME_SEARCH_ATTRIBUTE: {
    group: 'pull',
    schema: trueOrFalse,
    default: 'true',
    description:
      "whether each event's workflow records its outcome in the ArloSyncOutcome search attribute (true or false)",
    details:
      "Operators filter the Web UI by it. Each is one more history event per event and, on Temporal Cloud,\none more billable action (docs.temporal.io/cloud/actions; an event's own are its start and its local\nactivity). With false the outcome is still in the workflow's result and in the ledger\n(processed_events.outcome).",
  },
  ARLO_FETCH_BATCHER_WINDOW_SECONDS: {
    group: 'pull',
    schema: intBetween(10, 10 * 365 * 86_400),
    default: '60',
    description:
      'seconds one generation of the fetch batcher takes requests; it then drains and ends (only for event workflows of the earlier design still open after an upgrade)',
    details:
      "The batcher serves executions of processArloEvent, which the receiver no longer starts; syncArloEvent\njoins the worker's coalescer instead. A workflow that receives signals without pause can never\ncontinue-as-new, so each generation drains and ends instead (10-315360000).",
  },
  ARLO_CATCH_UP_INTERVAL_MINUTES: {
    group: 'pull',
    schema: intBetween(1, 24 * 60),
    default: '15',
    description: 'minutes between missed-event catch-up runs per platform (1-1440)',
  },
  ARLO_RECONCILE_CRON: {
    group: 'bulk',
    schema: z
      .string()
      .trim()
      .regex(/^\S+( \S+){4}$/, 'must be a five-field cron expression such as "0 2 * * *"'),
    default: '0 2 * * *',
    description: "when each platform's reconciliation runs: five-field cron in UTC (nightly at 02:00)",
  },
  ARLO_RECONCILE_OVERLAP_MINUTES: {
    group: 'bulk',
    schema: intBetween(0, 24 * 60),
    default: '60',
    description: 'a reconciliation walks the last 24 hours plus this many minutes (0-1440)',
  },
  ARLO_BULK_SEGMENTS: {
    group: 'bulk',
    schema: intBetween(1, 8),
    default: '4',
    description: 'pages a bulk walk reads at once, each from its own time range (1-8)',
    details:
      "Pages in flight must cover the budget's rate times a page's round trip: 4.75 pages/s × at least\n0.5 s on the embedded stack (the CPU one page takes in turn: Arlo, parse, mirror write), so four\nkeep 300/minute busy where two cannot. A worker killed mid-walk re-reads at most one page per\nsegment.",
  },
} as const satisfies Record<string, VariableDeclaration>;
