/**
 * Records of one PlatformEvents batch written to the mirror together, with exactly the newest-wins rule
 * and change-feed bookkeeping of `upsertEntity` (./entity-mirror.ts), in round trips per batch instead
 * of per record: one read of what the mirror holds (on the embedded FerretDB one lookup by `_id` per
 * record, see find-by-ids.ts; none for a record its event says was just created), one allocation of
 * feed positions, one insert of the new records, one write of the replaced older versions, one commit of
 * the changes. Each record must appear once (the caller sends repeats one by one).
 *
 * A write that loses a race (another writer inserted the record, or a newer version or tombstone landed
 * between the read and the write) voids its position and goes through `upsertEntity`, which reads again
 * and decides; so does an insert the mirror refused as held.
 */
import type { Db } from 'mongodb';

import type { ChangeOrigin } from '../domain/change-feed';
import { collections, entityKey, type MirroredEntityDocument } from './collections';
import {
  mirroredDocument,
  replaceOlderVersions,
  upsertEntity,
  type MirrorableEntity,
  type UpsertOptions,
  type UpsertOutcome,
} from './entity-mirror';
import { changeOrigin } from './feed/change-origin';
import { commitMirrorWrites, voidPositions } from './feed/feed-commit';
import { allocatePositions } from './feed/feed-positions';
import { findByIds } from './find-by-ids';
import { insertUnlessHeld } from './insert-unless-held';
import type { PushRecordLookup } from './push-record-memo';

export interface BatchedVersion {
  readonly entity: MirrorableEntity;
  /** The webhook event that fetched it (the mirror document's `lastEventId`). */
  readonly eventId: string;
  /**
   * Its event says the record was just created, so the mirror almost never holds it: it is inserted
   * without a read first. An insert the mirror refuses (a walk or catch-up got there first, a retried
   * batch) is decided from a fresh read, as a lost race is.
   */
  readonly created?: boolean;
}

interface PlannedWrite {
  readonly index: number;
  readonly document: MirroredEntityDocument;
  /** The mirror held an older version (an update), or nothing (an insert). */
  readonly held: boolean;
}

export async function upsertBatchOfEntities(
  db: Db,
  platform: string,
  versions: readonly BatchedVersion[],
  source: UpsertOptions['source'],
  /** How the change-feed origin finds a record's push record (a batch shares its reads). */
  lookUpPushRecord?: PushRecordLookup,
): Promise<UpsertOutcome[]> {
  if (versions.length === 0) return [];
  const now = new Date();
  const outcomes = new Array<UpsertOutcome | undefined>(versions.length);
  const ids = versions.map(({ entity }) => entityKey(platform, entity.resourceType, entity.id));
  // One `$in` on MongoDB; on the embedded FerretDB, which scans for an `$in`, a lookup by `_id` each.
  const stored = await findByIds(
    collections(db).entities,
    ids.filter((_, index) => versions[index]?.created !== true),
    { projection: { lastModifiedSortable: 1, deleted: 1 } },
  );

  const planned: { index: number; held: boolean; document: Omit<MirroredEntityDocument, '_id'> }[] = [];
  versions.forEach(({ entity, eventId }, index) => {
    const document = mirroredDocument(platform, entity, { source, eventId, now });
    const held = stored.get(ids[index] as string);
    if (held && (held.deleted || held.lastModifiedSortable >= document.lastModifiedSortable)) {
      outcomes[index] =
        !held.deleted && held.lastModifiedSortable === document.lastModifiedSortable ? 'unchanged' : 'stale';
    } else {
      planned.push({ index, held: held !== undefined, document });
    }
  });

  if (planned.length > 0) {
    const origins: ChangeOrigin[] = [];
    for (const { index } of planned) {
      const { entity } = versions[index] as BatchedVersion;
      origins.push(await changeOrigin(db, platform, source, entity, lookUpPushRecord));
    }
    const positions = await allocatePositions(
      db,
      platform,
      planned.map(({ index }) => ids[index] as string),
      now,
    );
    const writes: PlannedWrite[] = planned.map(({ index, held, document }, k) => ({
      index,
      held,
      document: {
        _id: ids[index] as string,
        ...document,
        feed: {
          position: positions[k] as number,
          operation: held ? 'updated' : 'created',
          origin: origins[k] as ChangeOrigin,
        },
      },
    }));
    const lost = await write(db, writes);
    await commitMirrorWrites(
      db,
      platform,
      writes.filter((w) => !lost.has(w)).map((w) => w.document),
    );
    await voidPositions(
      db,
      platform,
      [...lost].map((w) => w.document.feed?.position ?? 0),
    );
    for (const w of writes) {
      outcomes[w.index] = lost.has(w)
        ? // Another writer got there between the read and the write: decide again from a fresh read.
          await upsertEntity(db, platform, (versions[w.index] as BatchedVersion).entity, {
            source,
            eventId: (versions[w.index] as BatchedVersion).eventId,
            now,
          })
        : w.held
          ? 'updated'
          : 'inserted';
    }
  }
  return outcomes.map((outcome) => outcome as UpsertOutcome);
}

/**
 * Inserts the new records in one round trip and replaces the older ones in another; returns the writes
 * that lost.
 */
async function write(db: Db, writes: readonly PlannedWrite[]): Promise<Set<PlannedWrite>> {
  const lost = new Set<PlannedWrite>();
  const inserts = writes.filter((w) => !w.held);
  if (inserts.length > 0) {
    const refused = await insertUnlessHeld(
      collections(db).entities,
      inserts.map((w) => w.document),
    );
    for (const index of refused) lost.add(inserts[index] as PlannedWrite);
  }
  const updates = writes.filter((w) => w.held);
  const refused = await replaceOlderVersions(
    db,
    updates.map((w) => w.document),
  );
  for (const index of refused) lost.add(updates[index] as PlannedWrite);
  return lost;
}
