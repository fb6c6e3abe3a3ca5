/**
 * The demo platform of `arlo-sync up`: the Arlo simulator, kept under the data folder so that it lives
 * on across restarts (its records, its event log and its next event ID), and whose event IDs never go
 * back below what the mirror already holds, even when its file was lost or is behind after a crash.
 */
import path from 'node:path';

import { maxEventId } from '../domain/event-id';
import { startDemoSimulator, type StartedSimulator } from './simulator';
import { readCatchUpCheckpoint } from '../store/catch-up-checkpoints';
import { connectMongo } from '../store/mongo';
import { readWatermark } from '../store/watermarks';
import { DEFAULT_EVENT_ID_START } from '../simulator/event-log';

export const DEMO_PLATFORM = 'demo.arlo.co';

export interface DemoPlatformOptions {
  readonly dataDir: string;
  readonly mongoUri: string;
  readonly database: string;
  readonly port: number;
  readonly controlPort: number;
  readonly seedRecords: number;
  readonly editsPerSecond: number;
  readonly webhookUrl: string;
}

/** Where the demo platform keeps its state. */
export function demoStateFile(dataDir: string): string {
  return path.join(dataDir, 'simulator', `${DEMO_PLATFORM}.json`);
}

export async function startDemoPlatform(options: DemoPlatformOptions): Promise<StartedSimulator> {
  return startDemoSimulator({
    host: '127.0.0.1',
    port: options.port,
    controlPort: options.controlPort,
    platform: DEMO_PLATFORM,
    seedRecords: options.seedRecords,
    editsPerSecond: options.editsPerSecond,
    webhookUrl: options.webhookUrl,
    stateFile: demoStateFile(options.dataDir),
    eventIdFloor: await eventIdFloor(options.mongoUri, options.database),
  });
}

/**
 * One above the highest event ID the store knows for the demo platform (watermark, ledger, catch-up
 * checkpoint), or the simulator's usual first ID. A platform whose IDs went back would see every new
 * callback taken for a redelivery of work already done.
 */
export async function eventIdFloor(mongoUri: string, database: string): Promise<bigint> {
  const mongo = await connectMongo(mongoUri, database);
  try {
    const [watermark, checkpoint] = await Promise.all([
      readWatermark(mongo.db, DEMO_PLATFORM),
      readCatchUpCheckpoint(mongo.db, DEMO_PLATFORM),
    ]);
    const highest = maxEventId([watermark?.eventId, checkpoint].filter((id) => id !== undefined));
    const next = highest === undefined ? 0n : BigInt(highest) + 1n;
    return next > DEFAULT_EVENT_ID_START ? next : DEFAULT_EVENT_ID_START;
  } finally {
    await mongo.close();
  }
}
