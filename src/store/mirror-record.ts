/**
 * The representation a mirror document holds (fields, links, related and nested resources) is stored as
 * JSON text, `recordJson`, beside the metadata the store queries and compares (IDs, timestamps,
 * `deleted`, `mergedInto`, the feed stamp). Nothing ever queries inside a record: the mirror compares
 * versions by `lastModifiedSortable`, and the external system reads records from the change feed. And
 * the embedded FerretDB encodes a nested document value by value (a Contact is some sixty values): one
 * string costs it less than half the CPU (352 against 760 ms per 1,000 Contacts, measured with
 * insertMany on the embedded FerretDB, 2026-12-05), and the mirror document was the largest part of a
 * bulk page's store cost.
 *
 * Documents written before held the parts nested; they are still read (`recordOfMirrored`), and the
 * next version written over one replaces them with the text.
 */
import type { LegacyRecordParts, MirroredEntityDocument } from './collections';

/** The representation's parts, as the parser produced them (src/arlo/entities.ts). */
export interface MirroredRecord {
  readonly fields: Readonly<Record<string, string>>;
  readonly links: ReadonlyArray<{ rel: string; title?: string; href: string }>;
  readonly related: Readonly<Record<string, unknown>>;
  /** Element-only children that are not Links (e.g. a merge request's `SourceContactInfo`), by name. */
  readonly nested?: Readonly<Record<string, unknown>>;
}

/** A mirror document with its record read: what every reader outside the store's writes works with. */
export type MirroredEntity = Omit<MirroredEntityDocument, 'recordJson' | keyof LegacyRecordParts> &
  MirroredRecord;

/** `$unset` of the legacy parts: a write of `recordJson` over an older document removes them. */
export const UNSET_LEGACY_RECORD_PARTS = {
  fields: '',
  links: '',
  related: '',
  nested: '',
} as const satisfies Record<keyof LegacyRecordParts, ''>;

/** The text stored for a representation; an empty `nested` is left out, as the change feed does. */
export function mirrorRecordJson(record: MirroredRecord): string {
  const { fields, links, related, nested } = record;
  return JSON.stringify({
    fields,
    links,
    related,
    ...(nested !== undefined && Object.keys(nested).length > 0 ? { nested } : {}),
  });
}

/**
 * The record's text with `more` members after its own (the change feed adds `createdDateTime`, `deleted`,
 * `mergedInto`). A change is committed for every mirror write, so the stored text is reused rather than
 * parsed and written again; text not in the form `mirrorRecordJson` writes, and documents written before
 * the text, go through `recordOfMirrored`, which says what is wrong with one it cannot read.
 */
export function recordJsonWith(
  stored: MirroredEntityDocument,
  more: Readonly<Record<string, unknown>>,
): string {
  const own = stored.recordJson;
  const text =
    own !== undefined && own.startsWith(TEXT_START) && own.endsWith('}')
      ? own
      : mirrorRecordJson(recordOfMirrored(stored));
  const members = JSON.stringify(more).slice(1, -1);
  return members === '' ? text : `${text.slice(0, -1)},${members}}`;
}

/** How every text `mirrorRecordJson` writes begins. */
const TEXT_START = '{"fields":';

/** The record a mirror document holds, in either form. */
export function recordOfMirrored(stored: MirroredEntityDocument): MirroredRecord {
  if (stored.recordJson === undefined) {
    return {
      fields: stored.fields ?? {},
      links: stored.links ?? [],
      related: stored.related ?? {},
      ...(stored.nested !== undefined ? { nested: stored.nested } : {}),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored.recordJson);
  } catch (error) {
    throw new Error(`mirror document ${stored._id} holds a record that is not JSON: ${String(error)}`);
  }
  if (!isRecord(parsed)) {
    throw new Error(`mirror document ${stored._id} holds a record without fields, links and related`);
  }
  return parsed;
}

/** The document with its record read, and nothing of its stored form left. */
export function readMirrored(stored: MirroredEntityDocument): MirroredEntity {
  const { recordJson: _text, fields: _f, links: _l, related: _r, nested: _n, ...metadata } = stored;
  return { ...metadata, ...recordOfMirrored(stored) };
}

function isRecord(value: unknown): value is MirroredRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { fields, links, related } = value as Record<string, unknown>;
  return (
    typeof fields === 'object' &&
    fields !== null &&
    Array.isArray(links) &&
    typeof related === 'object' &&
    related !== null
  );
}
