/**
 * The MongoDB mirror of Arlo records. Writes are idempotent and order-independent: a representation is
 * stored only if it is newer (full 7-digit LastModifiedDateTime) than the stored one, so duplicates,
 * retries and out-of-order deliveries converge on the newest state. Deletions are tombstones that no
 * later (stale) upsert can resurrect.
 *
 * The write reads first, by `_id`, and then writes only what is needed: nothing when the stored version is
 * at least as new (duplicates, redeliveries, stale events), an insert when nothing is stored, and a
 * conditional update ("still older than mine") otherwise. A write that loses a race (another insert, a
 * newer version, a delete) is seen and the decision is made again from a fresh read. The conditional
 * update keeps it atomic on MongoDB. On the embedded FerretDB only a filter on `_id` alone is served by
 * an index and conditional updates are not atomic anyway, so every step there is by `_id` alone
 * (store-dialect.ts).
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
import { filtersBeyondIdScan } from './store-dialect';

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

/** Reads and writes before giving up: each retry means another writer changed the record meanwhile. */
const MAX_UPSERT_ATTEMPTS = 8;

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
  for (let attempt = 0; attempt < MAX_UPSERT_ATTEMPTS; attempt++) {
    const stored = await entities.findOne({ _id }, { projection: { lastModifiedSortable: 1, deleted: 1 } });
    if (stored && (stored.deleted || stored.lastModifiedSortable >= sortable)) {
      return !stored.deleted && stored.lastModifiedSortable === sortable ? 'unchanged' : 'stale';
    }
    if (!stored) {
      try {
        await entities.insertOne({ _id, ...document });
        return 'inserted';
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        continue; // Another writer inserted it meanwhile: compare with theirs.
      }
    }
    // On FerretDB the read above is the condition (see store-dialect.ts); on MongoDB the filter is.
    const condition = (await filtersBeyondIdScan(db))
      ? { _id }
      : { _id, deleted: false, lastModifiedSortable: { $lt: sortable } };
    const result = await entities.updateOne(condition, { $set: document });
    if (result.matchedCount > 0) return 'updated';
    // A newer version or a tombstone landed meanwhile: the next read says which.
  }
  throw new Error(
    `${entity.resourceType} ${entity.id} changed under ${MAX_UPSERT_ATTEMPTS} attempts to mirror it; ` +
      'another writer keeps racing this one (the activity retries)',
  );
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
