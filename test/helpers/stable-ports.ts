/**
 * Ports for a server a test binds well after picking them, or binds again after a restart. A port the
 * kernel picked (`findFreePort`) lies in its ephemeral range (32,768 and up here), and meanwhile the
 * kernel may hand that same port to any outgoing connection of a test running in parallel (a CI run
 * failed so: "Port 42601 on 127.0.0.1 is already in use"). These come from 10,000-19,999 instead,
 * which the kernel never hands out, under the production lane's 20,000-32,767.
 */
import { findFreePortInRange } from '../../src/devstack/free-port';

const LOWEST_STABLE_PORT = 10_000;
const HIGHEST_STABLE_PORT = 19_999;

/** A free port of the stable range that is not in `taken` (nothing is bound until the server starts). */
export async function freeStablePort(taken: Set<number> = new Set()): Promise<number> {
  let port: number;
  do port = await findFreePortInRange(LOWEST_STABLE_PORT, HIGHEST_STABLE_PORT);
  while (taken.has(port));
  taken.add(port);
  return port;
}
