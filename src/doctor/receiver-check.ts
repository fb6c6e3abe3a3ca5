/**
 * The receiver answers: its `/healthz` at RECEIVER_PUBLIC_URL's origin (where Arlo calls), or at
 * RECEIVER_HOST:RECEIVER_PORT when no public URL is set. Nothing answering means every callback fails
 * and Arlo gives up after its retries.
 */
import type { Config } from '../config';
import { fail, ok, warn, type CheckResult } from './check-result';
import { firstLine } from './temporal-checks';

const TIMEOUT_MS = 3_000;

export async function checkReceiver(
  receiver: Pick<Config['receiver'], 'publicUrl' | 'host' | 'port'>,
): Promise<CheckResult> {
  const name = 'Receiver';
  const origin = receiver.publicUrl
    ? new URL(receiver.publicUrl).origin
    : `http://${receiver.host.includes(':') ? `[${receiver.host}]` : receiver.host}:${receiver.port}`;
  const url = `${origin}/healthz`;
  let status: number;
  try {
    status = (await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })).status;
  } catch (error) {
    return fail(
      name,
      `nothing answers at ${url} (${firstLine((error as { cause?: unknown }).cause ?? error)}): callbacks from Arlo fail`,
      'start the receiver (`arlo-sync server`, or `npm start` for the local stack), or correct RECEIVER_PUBLIC_URL',
    );
  }
  if (status === 200) return ok(name, `answers at ${url}`);
  return warn(
    name,
    `${url} answers HTTP ${status}`,
    `if a proxy sits in front of the receiver, check that it forwards to it; the receiver answers /healthz with 200`,
  );
}
