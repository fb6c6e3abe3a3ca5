/**
 * One unordered `insertMany` that treats "already held" (a duplicate `_id`) as an answer, not a failure:
 * returns the indexes of the documents the collection already held. Anything else (or a write error
 * without its index) rethrows, and the caller's retry finds what this attempt did insert already held.
 */
import {
  MongoBulkWriteError,
  type Collection,
  type Document,
  type OptionalUnlessRequiredId,
  type WriteError,
} from 'mongodb';

import { isDuplicateKeyError } from './collections';

export async function insertUnlessHeld<T extends Document>(
  collection: Collection<T>,
  documents: OptionalUnlessRequiredId<T>[],
): Promise<Set<number>> {
  try {
    await collection.insertMany(documents, { ordered: false });
    return new Set();
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors);
    const held = new Set<number>();
    for (const writeError of writeErrors) {
      if (!isDuplicateKeyError(writeError) || typeof writeError.index !== 'number') throw error;
      held.add(writeError.index);
    }
    if (held.size === 0) throw error;
    return held;
  }
}
