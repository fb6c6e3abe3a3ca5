/**
 * The fixed ports `arlo-sync up` listens on, checked together before it starts anything: a port taken by
 * another program (a web app's dev server on 3000 is common) is named with the variable that moves it,
 * all of them in one message, instead of the stack starting for seconds and then stopping because one
 * process could not listen.
 */
import type { Config } from '../config';
import { isPortInUse } from './free-port';

export interface WantedPort {
  readonly port: number;
  readonly host: string;
  /** What listens there, for people. */
  readonly what: string;
  /** The variable that moves it. */
  readonly variable: string;
  /** The variable that names a server of the user's instead (then nothing listens here). */
  readonly instead?: string;
}

const LOOPBACK = '127.0.0.1';

/** Every port `up` will listen on with this configuration; 0 (any free port) is never wanted. */
export function portsUpListensOn(config: Config): WantedPort[] {
  const wanted: WantedPort[] = [];
  if (!config.temporal.address) {
    wanted.push(
      {
        port: config.temporal.devServerPort,
        host: LOOPBACK,
        what: 'the Temporal dev server',
        variable: 'ARLO_SYNC_DEV_TEMPORAL_PORT',
        instead: 'TEMPORAL_ADDRESS',
      },
      {
        port: config.temporal.devUiPort,
        host: LOOPBACK,
        what: 'the Temporal Web UI',
        variable: 'ARLO_SYNC_DEV_TEMPORAL_UI_PORT',
      },
    );
  }
  if (!config.mongo.uri) {
    wanted.push({
      port: config.mongo.devPort,
      host: LOOPBACK,
      what: 'the embedded FerretDB',
      variable: 'ARLO_SYNC_DEV_MONGODB_PORT',
      instead: 'MONGODB_URI',
    });
  }
  wanted.push({
    port: config.receiver.port,
    host: config.receiver.host,
    what: 'the webhook receiver',
    variable: 'RECEIVER_PORT',
  });
  wanted.push({
    port: config.worker.metricsPort,
    host: config.worker.metricsHost,
    what: "the worker's metrics",
    variable: 'WORKER_METRICS_PORT',
  });
  if (config.platforms.length === 0) {
    wanted.push(
      {
        port: config.simulator.port,
        host: LOOPBACK,
        what: "the demo's Arlo API",
        variable: 'SIMULATOR_PORT',
      },
      {
        port: config.simulator.controlPort,
        host: LOOPBACK,
        what: "the demo's control API",
        variable: 'SIMULATOR_CONTROL_PORT',
      },
    );
  }
  return wanted.filter((w) => w.port !== 0);
}

/** Throws one error naming every wanted port something else listens on, and how to move each. */
export async function assertPortsFree(wanted: readonly WantedPort[]): Promise<void> {
  const taken: WantedPort[] = [];
  for (const w of wanted) if (await isPortInUse(w.port, w.host)) taken.push(w);
  if (taken.length > 0) throw new Error(describeTakenPorts(taken));
}

export function describeTakenPorts(taken: readonly WantedPort[]): string {
  const advice = (w: WantedPort) =>
    `set ${w.variable} to another port` +
    (w.instead ? `, or set ${w.instead} to use a server you already run` : '');
  if (taken.length === 1) {
    const [w] = taken as [WantedPort];
    return `Port ${w.port} on ${w.host} (${w.what}) is already in use. Stop what uses it, or ${advice(w)}.`;
  }
  return [
    'These ports are already in use:',
    ...taken.map((w) => `  ${w.port} on ${w.host} (${w.what}): ${advice(w)}`),
    'Stop what uses them, or move arlo-sync as shown.',
  ].join('\n');
}
