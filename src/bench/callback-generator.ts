/**
 * Signed Arlo callbacks posted straight to a receiver at a fixed offered rate (open loop: a callback
 * leaves at its scheduled time whether or not earlier ones were answered), recording each
 * acknowledgement's latency. Unlike the simulator's dispatcher, which sends one callback at a time, it
 * can offer more than the receiver's acknowledgement latency allows.
 */
import type { ArloEvent } from '../domain/arlo-event';
import { computeArloSignature } from '../http/webhook-signature';

export interface CallbackTarget {
  /** The receiver's webhook URL. */
  readonly url: string;
  readonly platform: string;
  readonly key: Buffer;
}

export interface OfferedLoadResult {
  readonly callbacks: number;
  /** Events of every callback offered: each is delivered until accepted, as Arlo does, or given up. */
  readonly events: number;
  /** Acknowledgement latency of each accepted first delivery, ms, sorted. */
  readonly ackMs: readonly number[];
  /** First deliveries answered otherwise than 200 (or not at all): each was delivered again. */
  readonly failures: number;
  /** Callbacks still refused after every redelivery (Arlo gives up on them too): their events may be lost. */
  readonly abandoned: number;
  /** When the first callback left (epoch ms). */
  readonly startedAt: number;
}

/** Arlo's redeliveries of a refused callback (webhooks.txt: up to five), and the simulator's backoff. */
export const REDELIVERIES = 5;
const REDELIVERY_BASE_DELAY_MS = 1000;

export async function postCallback(target: CallbackTarget, events: readonly ArloEvent[]): Promise<number> {
  const body = JSON.stringify({ events });
  const started = performance.now();
  const response = await fetch(target.url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-arlo-platform': target.platform,
      'x-arlo-signature': computeArloSignature(Buffer.from(body), target.key),
    },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`callback answered ${response.status}`);
  return performance.now() - started;
}

/**
 * Sends `callbacks` (each a list of events) at `perSecond`, all in flight as their time comes. A refused
 * callback (the receiver answers 503 when Temporal does not take its starts in time) is delivered again
 * after 1, 2, 4, 8 and 16 s, as Arlo retries: a refusal under overload delays events, it must not lose
 * them, and the events of a refused delivery that were started before the refusal are counted once.
 */
export async function offerCallbacks(
  target: CallbackTarget,
  callbacks: readonly (readonly ArloEvent[])[],
  perSecond: number,
): Promise<OfferedLoadResult> {
  const startedAt = Date.now();
  const ackMs: number[] = [];
  let failures = 0;
  let abandoned = 0;
  const deliver = async (events: readonly ArloEvent[]) => {
    for (let attempt = 0; attempt <= REDELIVERIES; attempt++) {
      if (attempt > 0) await sleep(REDELIVERY_BASE_DELAY_MS * 2 ** (attempt - 1));
      try {
        const latency = await postCallback(target, events);
        if (attempt === 0) ackMs.push(latency);
        return;
      } catch {
        if (attempt === 0) failures += 1;
      }
    }
    abandoned += 1;
  };
  const sent = callbacks.map(async (events, i) => {
    await sleep(startedAt + (i * 1000) / perSecond - Date.now());
    await deliver(events);
  });
  await Promise.all(sent);
  return {
    callbacks: callbacks.length,
    events: callbacks.reduce((sum, events) => sum + events.length, 0),
    ackMs: ackMs.sort((a, b) => a - b),
    failures,
    abandoned,
    startedAt,
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export function percentile(sorted: readonly number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
}
