/**
 * When the receiver last accepted a webhook callback from each platform: one tiny document per
 * platform, so `arlo-sync doctor` can tell "Arlo stopped calling" from "nothing changed in Arlo".
 * `$max` keeps the latest time even when receivers write out of order.
 */
import type { Db } from 'mongodb';

interface CallbackReceiptDocument {
  _id: string;
  lastAcceptedAt: Date;
}

const receipts = (db: Db) => db.collection<CallbackReceiptDocument>('callback_receipts');

export async function recordCallbackAccepted(db: Db, platform: string, at: Date): Promise<void> {
  await receipts(db).updateOne({ _id: platform }, { $max: { lastAcceptedAt: at } }, { upsert: true });
}

export async function readLastCallbackAccepted(db: Db, platform: string): Promise<Date | undefined> {
  return (await receipts(db).findOne({ _id: platform }))?.lastAcceptedAt;
}

/**
 * A recorder for the receiver: never delays the acknowledgement (fire and forget, failures logged) and
 * writes at most once per `intervalMs` per platform, so a burst of callbacks costs one write.
 */
export function callbackReceiptRecorder(
  db: Db,
  onError: (error: unknown) => void,
  intervalMs = 1_000,
): (platform: string, at: Date) => void {
  const lastWritten = new Map<string, number>();
  return (platform, at) => {
    const previous = lastWritten.get(platform);
    if (previous !== undefined && at.getTime() - previous < intervalMs) return;
    lastWritten.set(platform, at.getTime());
    recordCallbackAccepted(db, platform, at).catch(onError);
  };
}
