/**
 * The mirror's two removals: a tombstone for a deleted record, and the pointer from a merged-away record
 * to the record that survived. Like every mirror write they are recorded in the change feed, and like
 * `upsertEntity` they read first by `_id` and write only what changes: a tombstone is written once, a
 * merge pointer once per survivor, so a redelivered event records no second change.
 */
import type { Db, Filter } from 'mongodb';

import type { ChangeOperation } from '../domain/change-feed';
import { collections, entityKey, isDuplicateKeyError, type MirroredEntityDocument } from './collections';
import { commitMirrorWrites, voidPositions } from './feed/feed-commit';
import { allocatePositions } from './feed/feed-positions';
import { mirrorRecordJson } from './mirror-record';
import { filtersBeyondIdScan } from './store-dialect';

export interface TombstoneOptions {
  readonly eventId?: string;
  readonly now?: Date;
}

/** The rest of a tombstone for a record never mirrored. */
function tombstoneDefaults(platform: string, resourceType: string, resourceId: string) {
  return {
    platform,
    resourceType,
    resourceId,
    // A tombstone for a record never seen sorts after nothing: any representation is older than a delete.
    lastModifiedDateTime: '9999-12-31T23:59:59.9999999Z',
    lastModifiedSortable: '9999-12-31T23:59:59.9999999Z',
    recordJson: mirrorRecordJson({ fields: {}, links: [], related: {} }),
    source: 'webhook' as const,
  };
}

/** Marks a record deleted (soft delete), creating the tombstone if the record was never mirrored. */
export async function tombstoneEntity(
  db: Db,
  platform: string,
  resourceType: string,
  resourceId: string,
  options: TombstoneOptions = {},
): Promise<void> {
  const now = options.now ?? new Date();
  const changes = {
    deleted: true,
    syncedAt: now,
    ...(options.eventId ? { lastEventId: options.eventId } : {}),
  };
  await writeRemoval(db, platform, {
    _id: entityKey(platform, resourceType, resourceId),
    operation: 'deleted',
    isDone: (stored) => stored.deleted,
    notDone: { deleted: { $ne: true } },
    set: changes,
    insert: { ...tombstoneDefaults(platform, resourceType, resourceId), ...changes },
  });
}

/**
 * Points a merged (source) record at the record that survived the merge. A source never mirrored gets a
 * tombstone that carries the pointer: a merged-away record no longer exists in Arlo (its GET answers 308).
 */
export async function markMerged(
  db: Db,
  platform: string,
  resourceType: string,
  sourceId: string,
  survivorId: string,
): Promise<void> {
  const changes = { mergedInto: survivorId, syncedAt: new Date() };
  await writeRemoval(db, platform, {
    _id: entityKey(platform, resourceType, sourceId),
    operation: 'merged',
    isDone: (stored) => stored.mergedInto === survivorId,
    notDone: { mergedInto: { $ne: survivorId } },
    set: changes,
    insert: { ...tombstoneDefaults(platform, resourceType, sourceId), deleted: true, ...changes },
  });
}

interface Removal {
  readonly _id: string;
  readonly operation: ChangeOperation;
  /** True when the stored document already says what this removal would write. */
  readonly isDone: (stored: Pick<MirroredEntityDocument, 'deleted' | 'mergedInto'>) => boolean;
  /** The same as a filter, for MongoDB's atomic conditional update. */
  readonly notDone: Filter<MirroredEntityDocument>;
  readonly set: Partial<MirroredEntityDocument>;
  readonly insert: Omit<MirroredEntityDocument, '_id' | 'feed'>;
}

const MAX_ATTEMPTS = 8;

async function writeRemoval(db: Db, platform: string, removal: Removal): Promise<void> {
  const { entities } = collections(db);
  const { _id } = removal;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await entities.findOne({ _id }, { projection: { deleted: 1, mergedInto: 1 } });
    if (stored && removal.isDone(stored)) return;
    const [position] = (await allocatePositions(db, platform, [_id])) as [number];
    const feed = { position, operation: removal.operation, origin: 'arlo-edit' } as const;
    if (!(await write(db, removal, feed, stored !== null))) {
      await voidPositions(db, platform, [position]);
      continue;
    }
    // The feed carries the whole record: read it back (a removal writes only a few fields).
    const written = await entities.findOne({ _id });
    if (written?.feed?.position === position) await commitMirrorWrites(db, platform, [written]);
    // A later write replaced this one already: its own position carries the newer state.
    else await voidPositions(db, platform, [position]);
    return;
  }
  throw new Error(`${_id}: changed under ${MAX_ATTEMPTS} attempts to write its ${removal.operation} state`);
}

async function write(
  db: Db,
  removal: Removal,
  feed: NonNullable<MirroredEntityDocument['feed']>,
  held: boolean,
): Promise<boolean> {
  const { entities } = collections(db);
  if (!held) {
    try {
      await entities.insertOne({ _id: removal._id, ...removal.insert, feed });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
  }
  const condition: Filter<MirroredEntityDocument> = (await filtersBeyondIdScan(db))
    ? { _id: removal._id }
    : {
        _id: removal._id,
        ...removal.notDone,
        $or: [{ feed: { $exists: false } }, { 'feed.position': { $lt: feed.position } }],
      };
  const result = await entities.updateOne(condition, { $set: { ...removal.set, feed } });
  return result.matchedCount > 0;
}
