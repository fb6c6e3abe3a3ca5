/**
 * The MongoDB mirror of Arlo records. Writes are idempotent and order-independent: a representation is
 * stored only if it is newer (full 7-digit LastModifiedDateTime) than the stored one, so duplicates,
 * retries and out-of-order deliveries converge on the newest state. Deletions are tombstones that no
 * later (stale) upsert can resurrect.
 *
 * The conditional write is one `updateOne` with `upsert`: when the filter does not match because the stored
 * document is newer or a tombstone, MongoDB tries to insert the same `_id` and fails with a duplicate-key
 * error, which means "the stored one wins". Atomic on MongoDB; correct (if not atomic) on FerretDB.
 */
import type { Db } from 'mongodb';

import { normaliseArloTimestamp } from '../domain/arlo-timestamp';
import {
  collections,
  entityKey,
  isDuplicateKeyError,
  type MirroredEntityDocument,
  type MirrorSource,
} from './collections';

/** The parts of a parsed Arlo representation the mirror stores (src/arlo's ArloEntity fits it). */
export interface MirrorableEntity {
  readonly resourceType: string;
  readonly id: string;
  readonly lastModifiedDateTime: string;
  readonly createdDateTime?: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly links: ReadonlyArray<{ rel: string; title?: string; href: string }>;
  readonly related: Readonly<Record<string, unknown>>;
  /** Element-only children that are not Links (e.g. a merge request's `SourceContactInfo`), by name. */
  readonly nested?: Readonly<Record<string, unknown>>;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

export interface UpsertOptions {
  readonly source: MirrorSource;
  readonly eventId?: string;
  readonly now?: Date;
}

/** The document the mirror stores for a representation (without `_id`). */
export function mirroredDocument(
  platform: string,
  entity: MirrorableEntity,
  options: UpsertOptions,
): Omit<MirroredEntityDocument, '_id'> {
  return {
    platform,
    resourceType: entity.resourceType,
    resourceId: entity.id,
    lastModifiedDateTime: entity.lastModifiedDateTime,
    lastModifiedSortable: normaliseArloTimestamp(entity.lastModifiedDateTime),
    ...(entity.createdDateTime ? { createdDateTime: entity.createdDateTime } : {}),
    fields: { ...entity.fields },
    links: entity.links.map((link) => ({ ...link })),
    related: { ...entity.related },
    nested: { ...entity.nested },
    deleted: false,
    source: options.source,
    ...(options.eventId ? { lastEventId: options.eventId } : {}),
    syncedAt: options.now ?? new Date(),
  };
}

export async function upsertEntity(
  db: Db,
  platform: string,
  entity: MirrorableEntity,
  options: UpsertOptions,
): Promise<UpsertOutcome> {
  const { entities } = collections(db);
  const _id = entityKey(platform, entity.resourceType, entity.id);
  const document = mirroredDocument(platform, entity, options);
  const sortable = document.lastModifiedSortable;
  try {
    const result = await entities.updateOne(
      { _id, deleted: false, lastModifiedSortable: { $lt: sortable } },
      { $set: document },
      { upsert: true },
    );
    return result.upsertedCount > 0 ? 'inserted' : 'updated';
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Stored is at least as new, or a tombstone: find out which, for the caller's counters.
    const stored = await entities.findOne({ _id }, { projection: { lastModifiedSortable: 1, deleted: 1 } });
    return stored && !stored.deleted && stored.lastModifiedSortable === sortable ? 'unchanged' : 'stale';
  }
}

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
    fields: {},
    links: [],
    related: {},
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
  const { entities } = collections(db);
  const now = options.now ?? new Date();
  await entities.updateOne(
    { _id: entityKey(platform, resourceType, resourceId) },
    {
      $set: { deleted: true, syncedAt: now, ...(options.eventId ? { lastEventId: options.eventId } : {}) },
      $setOnInsert: tombstoneDefaults(platform, resourceType, resourceId),
    },
    { upsert: true },
  );
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
  const { entities } = collections(db);
  await entities.updateOne(
    { _id: entityKey(platform, resourceType, sourceId) },
    {
      $set: { mergedInto: survivorId, syncedAt: new Date() },
      $setOnInsert: { ...tombstoneDefaults(platform, resourceType, sourceId), deleted: true },
    },
    { upsert: true },
  );
}

export async function findEntity(
  db: Db,
  platform: string,
  resourceType: string,
  resourceId: string,
): Promise<MirroredEntityDocument | null> {
  return collections(db).entities.findOne({ _id: entityKey(platform, resourceType, resourceId) });
}
