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
  /** Register a webhook endpoint calling this URL. */
  readonly webhookUrl?: string;
}

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
  });
  let stopDemo: (() => Promise<void>) | undefined;
  try {
    const endpoint = options.webhookUrl
      ? await simulator.control.registerWebhookEndpoint({
          name: 'arlo-sync (local)',
          url: options.webhookUrl,
        })
      : undefined;
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

export function describeSimulator(started: StartedSimulator): string[] {
  const { simulator, endpoint } = started;
  return [
    `  Arlo simulator     ${simulator.baseUrl}  (platform ${simulator.platform}, user ${simulator.credentials.username})`,
    `  Simulator control  ${simulator.controlUrl}`,
    ...(endpoint ? [`  Webhook endpoint   #${endpoint.id} → ${endpoint.url}`] : []),
  ];
}
