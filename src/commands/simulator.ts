/**
 * `arlo-sync simulator`: the Arlo API simulator on its own, for developing an integration against a
 * platform that behaves like Arlo (see src/simulator/README.md for routes, control API and knobs).
 */
import { runDemo, startSimulator, type RunningSimulator, type WebhookEndpoint } from '../simulator';

export interface SimulatorCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly controlPort: number;
  readonly platform: string;
  readonly seedRecords: number;
  readonly editsPerSecond: number;
  /** Register a webhook endpoint calling this URL (a restored platform's endpoint for it is reused). */
  readonly webhookUrl?: string;
  /** Keep the platform in this file across restarts (see src/simulator/persistence/). */
  readonly stateFile?: string;
  /** The lowest ID the next PlatformEvent may get (the mirror already knows every ID below it). */
  readonly eventIdFloor?: bigint;
}

const LOCAL_ENDPOINT_NAME = 'arlo-sync (local)';

export interface StartedSimulator {
  readonly simulator: RunningSimulator;
  readonly endpoint: WebhookEndpoint | undefined;
  /** Starts the Arlo-user edits (after whoever receives the webhooks is ready). */
  startEditing(onEdit?: (description: string) => void): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoSimulator(options: SimulatorCommandOptions): Promise<StartedSimulator> {
  const simulator = await startSimulator({
    host: options.host,
    port: options.port,
    controlPort: options.controlPort,
    platform: options.platform,
    ...(options.stateFile !== undefined ? { stateFile: options.stateFile } : {}),
    ...(options.eventIdFloor !== undefined ? { eventIdStart: options.eventIdFloor } : {}),
  });
  let stopDemo: (() => Promise<void>) | undefined;
  try {
    const endpoint = options.webhookUrl ? await localEndpoint(simulator, options.webhookUrl) : undefined;
    return {
      simulator,
      endpoint,
      async startEditing(onEdit) {
        const demo = await runDemo({
          simulator,
          seedRecords: options.seedRecords,
          editsPerSecond: options.editsPerSecond,
          ...(onEdit ? { onEdit } : {}),
        });
        stopDemo = () => demo.stop();
      },
      async stop() {
        await stopDemo?.();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

/**
 * The endpoint calling `url`: the restored one if the platform has it (same key as before), else a new
 * one; endpoints this command registered for other URLs (an earlier receiver port) are removed, so the
 * platform does not keep retrying a receiver that is gone.
 */
async function localEndpoint(simulator: RunningSimulator, url: string): Promise<WebhookEndpoint> {
  const existing = await simulator.control.webhookEndpoints();
  const same = existing.find((endpoint) => endpoint.url === url && endpoint.status === 'Active');
  for (const endpoint of existing) {
    if (endpoint !== same && endpoint.name === LOCAL_ENDPOINT_NAME) {
      await simulator.control.removeWebhookEndpoint(endpoint.id);
    }
  }
  return same ?? (await simulator.control.registerWebhookEndpoint({ name: LOCAL_ENDPOINT_NAME, url }));
}

export function describeSimulator(started: StartedSimulator): string[] {
  const { simulator, endpoint } = started;
  return [
    `  Arlo simulator     ${simulator.baseUrl}  (platform ${simulator.platform}, user ${simulator.credentials.username})`,
    `  Simulator control  ${simulator.controlUrl}`,
    ...(endpoint ? [`  Webhook endpoint   #${endpoint.id} → ${endpoint.url}`] : []),
  ];
}
