/**
 * Compares the ledger's highest event ID of a platform with the newest event the platform lists
 * (src/domain/event-id-continuity.ts says why it matters).
 */
import type { Db } from 'mongodb';

import { findEventIdRegression, type EventIdRegression } from '../domain/event-id-continuity';
import type { EventId } from '../domain/event-id';
import { readWatermark } from './watermarks';

export async function checkEventIdContinuity(
  db: Db,
  platform: string,
  newestPlatformEventId: () => Promise<EventId | undefined>,
): Promise<EventIdRegression | undefined> {
  const [watermark, newest] = await Promise.all([readWatermark(db, platform), newestPlatformEventId()]);
  return findEventIdRegression(platform, watermark?.eventId, newest);
}
