/**
 * The worker's Prometheus metrics, on one process-wide registry served by src/http/metrics-server.ts at
 * WORKER_METRICS_PORT. Module-level on purpose: activities are created by factories that tests call many
 * times, and a metric may be registered only once per registry. Activities and the Arlo client call the
 * `record*` functions below; nothing else touches the metric objects.
 *
 * Labels are bounded: platform (configured), resource type (Arlo's fixed list), endpoint (IDs removed,
 * see arlo-call-observation.ts), status and outcome (fixed vocabularies).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

import { isResourceType } from '../domain/resource-types';

import type { ArloCallObservation } from './arlo-call-observation';

export const workerRegistry = new Registry();

const arloRequests = new Counter({
  name: 'arlo_sync_arlo_requests_total',
  help: 'HTTP requests to Arlo, by platform, method, endpoint (IDs removed) and status (or failure kind).',
  labelNames: ['platform', 'method', 'endpoint', 'status'],
  registers: [workerRegistry],
});

const arloRequestSeconds = new Histogram({
  name: 'arlo_sync_arlo_request_seconds',
  help: 'Duration of Arlo requests, whole exchange, by platform and endpoint.',
  labelNames: ['platform', 'endpoint'],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [workerRegistry],
});

const arloRateLimited = new Counter({
  name: 'arlo_sync_arlo_rate_limited_total',
  help: 'Arlo answers 429 Too Many Requests, by platform: the shared 300/minute budget was exceeded.',
  labelNames: ['platform'],
  registers: [workerRegistry],
});

const fetchBatchSize = new Histogram({
  name: 'arlo_sync_fetch_batch_size',
  help: 'Event IDs per PlatformEvents query (one Arlo request), by platform.',
  labelNames: ['platform'],
  buckets: [1, 2, 5, 10, 25, 50, 100, 250],
  registers: [workerRegistry],
});

const mirrorWrites = new Counter({
  name: 'arlo_sync_mirror_writes_total',
  help: 'Events applied to the MongoDB mirror, by platform, resource type and outcome (inserted, updated, unchanged, stale, tombstoned, merged, ...).',
  labelNames: ['platform', 'resource_type', 'outcome'],
  registers: [workerRegistry],
});

const duplicateEvents = new Counter({
  name: 'arlo_sync_duplicate_events_total',
  help: 'Events found already processed in the ledger (redelivery or replay): nothing done again.',
  labelNames: ['platform'],
  registers: [workerRegistry],
});

const watermark = new Gauge({
  name: 'arlo_sync_watermark_event_id',
  help:
    'Highest PlatformEvent ID processed by this worker process, by platform (a float: exact up to 2^53; ' +
    'the exact value is in MongoDB). 0 until the first event after a restart.',
  labelNames: ['platform'],
  registers: [workerRegistry],
});

const reconcileRepairs = new Counter({
  name: 'arlo_sync_reconcile_repairs_total',
  help: 'Mirror records that reconciliation found missing or out of date and repaired, by platform and resource type.',
  labelNames: ['platform', 'resource_type'],
  registers: [workerRegistry],
});

const storeClientReopens = new Counter({
  name: 'arlo_sync_store_client_reopens_total',
  help:
    'MongoDB clients reopened because their server monitor went silent, by outcome (reopened, failed); ' +
    'see ARCHITECTURE.md, "The store\'s connection and its watchdog".',
  labelNames: ['outcome'],
  registers: [workerRegistry],
});

/** Highest watermark set per platform, as BigInt, so the gauge only ever rises. */
const highest = new Map<string, bigint>();

export function recordArloCall(platform: string, call: ArloCallObservation): void {
  arloRequests.inc({ platform, method: call.method, endpoint: call.endpoint, status: call.status });
  arloRequestSeconds.observe({ platform, endpoint: call.endpoint }, call.durationMs / 1000);
  if (call.status === '429') arloRateLimited.inc({ platform });
}

export function recordFetchBatch(platform: string, eventIds: number): void {
  fetchBatchSize.observe({ platform }, eventIds);
}

export function recordMirrorWrite(platform: string, resourceType: string, outcome: string): void {
  // The type comes from Arlo's answer: anything not in the known list shares one label value.
  mirrorWrites.inc({
    platform,
    resource_type: isResourceType(resourceType) ? resourceType : 'other',
    outcome,
  });
}

export function recordDuplicateEvent(platform: string): void {
  duplicateEvents.inc({ platform });
}

export function recordWatermark(platform: string, eventId: string): void {
  const id = BigInt(eventId);
  const current = highest.get(platform);
  if (current !== undefined && current >= id) return;
  highest.set(platform, id);
  watermark.set({ platform }, Number(id));
}

/** For the bulk page activity in reconcile mode: `count` records of `resourceType` repaired by one page. */
export function recordReconcileRepairs(platform: string, resourceType: string, count: number): void {
  if (count > 0) reconcileRepairs.inc({ platform, resource_type: resourceType }, count);
}

/** The store monitor watchdog closed and reconnected this worker's MongoDB client (or tried to). */
export function recordStoreClientReopen(outcome: 'reopened' | 'failed'): void {
  storeClientReopens.inc({ outcome });
}
