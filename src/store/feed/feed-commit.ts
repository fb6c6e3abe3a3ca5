/**
 * Turning an allocated position into its one, final document in `feed_changes`: the change a mirror write
 * stored there, or a void. Both are inserts, and the first insert at a position wins, so a writer, a
 * reader helping it (feed-reader.ts) and a retry can all try without ever producing two answers.
 */
import type { Db } from 'mongodb';

import type { ChangedRecord } from '../../domain/change-feed';
import { collections, isDuplicateKeyError, type MirroredEntityDocument } from '../collections';
import { insertUnlessHeld } from '../insert-unless-held';
import { recordJsonWith, type MirroredRecord } from '../mirror-record';
import { filtersBeyondIdScan } from '../store-dialect';
import { feedCollections, feedKey, type FeedChangeDocument } from './feed-documents';
import { allocatePositions } from './feed-positions';

/** The sentinel LastModifiedDateTime of a tombstone for a record never mirrored (entity-mirror.ts). */
const NEVER_MIRRORED = '9999-12-31T23:59:59.9999999Z';

/** The feed's copy of the write a mirror document records in its `feed` stamp. */
export function changeFromMirror(
  platform: string,
  mirrored: MirroredEntityDocument,
  now = new Date(),
): FeedChangeDocument {
  const stamp = mirrored.feed;
  if (!stamp) throw new Error(`mirror document ${mirrored._id} carries no change-feed stamp`);
  const beyondTheRepresentation: Omit<ChangedRecord, keyof MirroredRecord> = {
    ...(mirrored.createdDateTime ? { createdDateTime: mirrored.createdDateTime } : {}),
    deleted: mirrored.deleted,
    ...(mirrored.mergedInto !== undefined ? { mergedInto: mirrored.mergedInto } : {}),
  };
  return {
    _id: feedKey(platform, stamp.position),
    platform,
    position: stamp.position,
    kind: 'change',
    resourceType: mirrored.resourceType,
    resourceId: mirrored.resourceId,
    operation: stamp.operation,
    origin: stamp.origin,
    lastModifiedDateTime:
      mirrored.lastModifiedDateTime === NEVER_MIRRORED ? null : mirrored.lastModifiedDateTime,
    recordJson: recordJsonWith(mirrored, beyondTheRepresentation),
    committedAt: now,
  };
}

export function voidDocument(platform: string, position: number, now = new Date()): FeedChangeDocument {
  return { _id: feedKey(platform, position), platform, position, kind: 'void', committedAt: now };
}

/** Positions whose write did not happen (lost a race, nothing to write): voided, so readers pass them. */
export async function voidPositions(db: Db, platform: string, positions: readonly number[]): Promise<void> {
  if (positions.length === 0) return;
  const now = new Date();
  await insertUnlessHeld(
    feedCollections(db).changes,
    positions.map((position) => voidDocument(platform, position, now)),
  );
}

/**
 * Inserts the change of a mirror write just made (the documents as written, stamp included). A position
 * already decided is fine when it holds this change (a reader helped); when a reader voided it (the
 * writer was too slow, feed-reader.ts), the write moves to a new position.
 */
export async function commitMirrorWrites(
  db: Db,
  platform: string,
  written: readonly MirroredEntityDocument[],
): Promise<void> {
  if (written.length === 0) return;
  const now = new Date();
  const held = await insertUnlessHeld(
    feedCollections(db).changes,
    written.map((mirrored) => changeFromMirror(platform, mirrored, now)),
  );
  for (const index of held) {
    const mirrored = written[index] as MirroredEntityDocument;
    await settleDecidedPosition(db, platform, mirrored._id, mirrored.feed?.position ?? 0);
  }
}

/** Inserts `document` unless its position is decided already; returns what the position holds. */
export async function decidePosition(db: Db, document: FeedChangeDocument): Promise<FeedChangeDocument> {
  const { changes } = feedCollections(db);
  try {
    await changes.insertOne(document);
    return document;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const decided = await changes.findOne({ _id: document._id });
    if (!decided) throw new Error(`change-feed position ${document._id} was decided, then vanished`);
    return decided;
  }
}

/** A write whose position turned out decided: nothing to do if it holds a change, else move it. */
async function settleDecidedPosition(db: Db, platform: string, entityId: string, position: number) {
  const decided = await feedCollections(db).changes.findOne({ _id: feedKey(platform, position) });
  if (decided?.kind === 'void') await moveToNewPosition(db, platform, entityId, position);
}

/** Moves before giving up: each means a reader voided the new position too (an extremely slow store). */
const MAX_MOVES = 5;

/**
 * The mirror holds a write whose position was voided: give the write a new position and commit it
 * there. Nothing to do once a later write replaced it (that write has a position of its own). On MongoDB
 * the move is conditional on the old position; FerretDB's updates are read-then-write, so there two
 * concurrent movers may both commit the write: a change delivered twice, never one lost.
 */
export async function moveToNewPosition(
  db: Db,
  platform: string,
  entityId: string,
  voidedPosition: number,
): Promise<void> {
  const { entities } = collections(db);
  let from = voidedPosition;
  for (let move = 0; move < MAX_MOVES; move++) {
    const current = await entities.findOne({ _id: entityId });
    if (current?.feed?.position !== from) return;
    const [position] = (await allocatePositions(db, platform, [entityId])) as [number];
    const condition = (await filtersBeyondIdScan(db))
      ? { _id: entityId }
      : { _id: entityId, 'feed.position': from };
    const moved = await entities.updateOne(condition, { $set: { 'feed.position': position } });
    if (moved.matchedCount === 0) {
      await voidPositions(db, platform, [position]);
      return;
    }
    const stamped = { ...current, feed: { ...current.feed, position } };
    const decided = await decidePosition(db, changeFromMirror(platform, stamped));
    if (decided.kind === 'change') return;
    from = position;
  }
  throw new Error(`the change of ${entityId} kept losing its feed position (${MAX_MOVES} moves)`);
}
