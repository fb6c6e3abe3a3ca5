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
  /** Events of the callbacks the receiver accepted (2xx): the ones Temporal holds. */
  readonly events: number;
  /** Acknowledgement latency of each callback, ms, sorted. */
  readonly ackMs: readonly number[];
  /** Callbacks answered otherwise (Arlo would send them again; this generator does not). */
  readonly failures: number;
  /** When the first callback left (epoch ms). */
  readonly startedAt: number;
}

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

/** Sends `callbacks` (each a list of events) at `perSecond`, all in flight as their time comes. */
export async function offerCallbacks(
  target: CallbackTarget,
  callbacks: readonly (readonly ArloEvent[])[],
  perSecond: number,
): Promise<OfferedLoadResult> {
  const startedAt = Date.now();
  const ackMs: number[] = [];
  let failures = 0;
  let accepted = 0;
  const sent = callbacks.map(async (events, i) => {
    const due = startedAt + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      ackMs.push(await postCallback(target, events));
      accepted += events.length;
    } catch {
      failures += 1;
    }
  });
  await Promise.all(sent);
  return {
    callbacks: callbacks.length,
    events: accepted,
    ackMs: ackMs.sort((a, b) => a - b),
    failures,
    startedAt,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
}
