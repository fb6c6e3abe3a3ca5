/**
 * The Arlo simulator in a process of its own, so a benchmark does not charge Arlo's CPU to arlo-sync
 * (and the two do not share one Node event loop). Started by `startSimulatorProcess` (./separate-simulator.ts)
 * as `node dist/src/bench/simulator-process.js <platform>`: it listens on free ports, prints one JSON line
 * with what a client needs, and stops when its stdin closes (the parent stopped or died) or on SIGTERM.
 */
import { startSimulator } from '../simulator';

export interface SimulatorProcessReady {
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly platform: string;
  readonly credentials: { readonly username: string; readonly password: string };
}

async function main(): Promise<void> {
  const platform = process.argv[2];
  if (!platform) throw new Error('usage: simulator-process.js <platform name>');
  const simulator = await startSimulator({ platform, onError: () => undefined });
  const ready: SimulatorProcessReady = {
    baseUrl: simulator.baseUrl,
    controlUrl: simulator.controlUrl,
    platform: simulator.platform,
    credentials: simulator.credentials,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve).resume();
    process.once('SIGTERM', resolve);
  });
  await simulator.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`simulator process: ${String(error)}\n`);
    process.exit(1);
  });
}
