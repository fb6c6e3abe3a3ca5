/**
 * `startSimulator(options)` serves a simulated platform's Auth API on one port and its control API on
 * another (the Arlo port can never reach the control routes).
 */
import type { AddressInfo } from 'node:net';

import { closeServer, createHttpServer, listenOn, type ServerLimits } from '../http/http-server';
import { API_PATH, createApiApp } from './api/api-app';
import { SystemClock, type Clock } from './clock';
import { createControlApp } from './control/control-app';
import { SimulatorControlClient } from './control-client';
import type { KnobsPatch } from './knobs';
import { restorePlatformState } from './persistence/platform-state';
import {
  keepPlatformStateSaved,
  readPlatformStateFile,
  type PlatformStateSaver,
} from './persistence/platform-state-file';
import { SimulatorCore, type Credentials } from './simulator-core';

export interface SimulatorOptions {
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Arlo API port (default 0: a free port). */
  readonly port?: number;
  /** Control API port (default 0: a free port). */
  readonly controlPort?: number;
  /** The platform name sent as X-Arlo-Platform (default demo.arlo.co). */
  readonly platform?: string;
  /** Origin used in hrefs when the simulator sits behind a proxy; default http://host:port. */
  readonly publicOrigin?: string;
  readonly credentials?: Credentials;
  /** PRNG seed for seed data and every fault knob (default 1). */
  readonly seed?: number | string;
  /** Injectable time (default: the system clock, advanceable through the control API). */
  readonly clock?: Clock;
  /** First PlatformEvent ID (default 5,000,000,000: well above 2^31). */
  readonly eventIdStart?: bigint | number | string;
  /** PlatformEvent retention (default 5 days). */
  readonly eventRetentionMs?: number;
  /** Collection page size when `top` is absent (default 100). */
  readonly defaultPageSize?: number;
  /** `top` above this is clamped (default 250). */
  readonly maxPageSize?: number;
  /** Largest accepted request body (default 1 MiB). */
  readonly maxBodyBytes?: number;
  readonly knobs?: KnobsPatch;
  /**
   * Keep the platform in this file: restored at start when it exists (records, retained events, the
   * next event ID, webhook endpoints), saved while it changes and at close. Default: memory only.
   */
  readonly stateFile?: string;
  /** Unexpected errors (simulator bugs); default: written to stderr. */
  readonly onError?: (error: unknown) => void;
}

export interface RunningSimulator {
  /** The Auth API root, ending with `/`: `http://127.0.0.1:4010/api/2012-02-01/auth/resources/`. */
  readonly baseUrl: string;
  /** The control API root, ending with `/`. */
  readonly controlUrl: string;
  readonly platform: string;
  readonly credentials: Credentials;
  readonly control: SimulatorControlClient;
  /** Direct access to the simulated platform, for in-process callers (tests, demo). */
  readonly core: SimulatorCore;
  /** True when the platform was restored from `stateFile` (it continues; nothing needs seeding). */
  readonly restored: boolean;
  close(): Promise<void>;
}

/** How often a changing platform is saved to its state file: a crash loses at most this much. */
const STATE_SAVE_INTERVAL_MS = 1000;

/**
 * Node's own defaults, not the product's tight limits: the simulator stands in for Arlo, and its clients
 * are arlo-sync and the tests, which a busy two-core test machine can slow past a 5-second limit.
 */
const SIMULATOR_LIMITS: ServerLimits = {
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 5_000,
  checkingIntervalMs: 30_000,
  bodyReadTimeoutMs: 60_000,
};

export const DEFAULT_CREDENTIALS: Credentials = { username: 'api-user', password: 'simulator-password' };

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const apiServer = createHttpServer(undefined, { limits: SIMULATOR_LIMITS });
  const controlServer = createHttpServer(undefined, { limits: SIMULATOR_LIMITS });
  await listenOn(apiServer, host, options.port ?? 0, 'SIMULATOR_PORT (--port)');
  try {
    await listenOn(controlServer, host, options.controlPort ?? 0, 'SIMULATOR_CONTROL_PORT (--control-port)');
  } catch (error) {
    await closeServer(apiServer);
    throw error;
  }
  const origin =
    options.publicOrigin?.replace(/\/$/, '') ??
    `http://${urlHost(host)}:${(apiServer.address() as AddressInfo).port}`;
  const baseUrl = `${origin}${API_PATH}`;
  const controlUrl = `http://${urlHost(host)}:${(controlServer.address() as AddressInfo).port}/`;
  const platform = options.platform ?? 'demo.arlo.co';
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(`[arlo simulator] ${String((error as Error).stack ?? error)}\n`));

  let saved;
  try {
    saved = options.stateFile === undefined ? undefined : readPlatformStateFile(options.stateFile, platform);
  } catch (error) {
    await Promise.all([closeServer(apiServer), closeServer(controlServer)]);
    throw error;
  }
  const seed = options.seed ?? 1;
  const core = new SimulatorCore({
    platform,
    baseUrl,
    credentials,
    // A restored platform draws new GUIDs (merge requests, UniqueIdentifier) from a stream of its own,
    // so none repeats one it already holds.
    seed: saved === undefined ? seed : `${String(seed)}:after:${saved.nextEventId}`,
    clock: options.clock ?? new SystemClock(),
    ...(options.eventIdStart === undefined ? {} : { eventIdStart: BigInt(options.eventIdStart) }),
    ...(options.eventRetentionMs === undefined ? {} : { eventRetentionMs: options.eventRetentionMs }),
    ...(options.knobs === undefined ? {} : { knobs: options.knobs }),
    defaultPageSize: options.defaultPageSize ?? 100,
    maxPageSize: options.maxPageSize ?? 250,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    onError,
  });
  if (saved !== undefined) restorePlatformState(core, saved);
  const saver: PlatformStateSaver | undefined =
    options.stateFile === undefined
      ? undefined
      : keepPlatformStateSaved(core, options.stateFile, STATE_SAVE_INTERVAL_MS, onError);
  const api = createApiApp(core).callback();
  const control = createControlApp(core, () => ({ baseUrl, controlUrl })).callback();
  apiServer.on('request', (request, response) => void api(request, response));
  controlServer.on('request', (request, response) => void control(request, response));

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    controlUrl,
    platform,
    credentials,
    control: new SimulatorControlClient(controlUrl),
    core,
    restored: saved !== undefined,
    close: () => {
      closing ??= (async () => {
        core.close();
        await Promise.all([closeServer(apiServer), closeServer(controlServer)]);
        await saver?.stop();
      })();
      return closing;
    },
  };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
