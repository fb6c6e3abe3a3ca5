/**
 * Reading the change feed in order. A reader passes a position only once its document exists in
 * `feed_changes`, and that document never changes, so nothing can appear behind a cursor a consumer holds:
 * the guarantee that makes "store the last cursor, ask again after a crash" lose nothing.
 *
 * At the first position without a document the reader stops, unless it can decide the position itself:
 *  - its slot names a mirror document that already carries this position: the write landed and only its
 *    commit is missing (the writer is slow or died): the reader commits the change from the mirror;
 *  - its slot is older than `gapTimeoutMs` and the mirror does not carry it: the allocator died before
 *    writing (or is very slow): the reader voids the position. A writer that comes back later finds it
 *    void and moves its write to a new position (feed-commit.ts); if the write landed just as the reader
 *    voided, the reader moves it itself.
 * A position with no slot is not allocated yet: the end of the feed.
 *
 * Reads are by `_id` only (one `$in` on MongoDB, lookups on FerretDB: ../find-by-ids.ts).
 */
import type { Db } from 'mongodb';

import { collections, type MirroredEntityDocument } from '../collections';
import { findByIds } from '../find-by-ids';
import { changeFromMirror, decidePosition, moveToNewPosition, voidDocument } from './feed-commit';
import { feedCollections, feedKey, oldestKey, type FeedChangeDocument } from './feed-documents';

export interface ReadFeedOptions {
  /** The last position the consumer processed; 0 before the first. */
  readonly after: number;
  /** Most changes in the answer. */
  readonly limit: number;
  /** Only these resource types (the cursor still moves past the others). */
  readonly types?: readonly string[];
  /** Read no position past this one (a notification re-reads exactly the batch it announced). */
  readonly until?: number;
  /** How long an allocated position may stay undecided before a reader voids it. */
  readonly gapTimeoutMs?: number;
  readonly now?: () => Date;
}

export interface StoredFeedPage {
  readonly changes: readonly FeedChangeDocument[];
  /** The last position passed: the cursor to ask with next. */
  readonly next: number;
  /** The allocation hint when the read began: `head - next` is roughly how far behind the reader is. */
  readonly head: number;
}

/** The cursor names a position retention has dropped: re-read from a bulk snapshot. */
export class FeedCursorExpiredError extends Error {
  constructor(
    readonly after: number,
    /** The oldest cursor still valid (the position before the oldest kept change). */
    readonly oldestCursor: number,
    readonly head: number,
  ) {
    super(
      `cursor ${after} has expired: the feed keeps changes after cursor ${oldestCursor} only ` +
        `(retention); re-read the records from a bulk snapshot, then read the feed after cursor ${head}`,
    );
    this.name = 'FeedCursorExpiredError';
  }
}

/** The cursor is beyond anything this feed has allocated: it came from another feed or database. */
export class FeedCursorUnknownError extends Error {
  constructor(
    readonly after: number,
    readonly head: number,
  ) {
    super(
      `cursor ${after} is beyond this feed's last position (${head}): it was not issued by this ` +
        'platform and database; read from cursor 0 (or your last cursor from this feed)',
    );
    this.name = 'FeedCursorUnknownError';
  }
}

const DEFAULT_GAP_TIMEOUT_MS = 60_000;
/**
 * Positions read at a time past the allocation hint, once the position right after it turned out
 * decided. On FerretDB the hint can lag a few positions behind (its `$max` is read-then-write);
 * committed changes there are still found, and an idle feed costs one lookup past the hint.
 */
const PROBE_PAST_HINT = 8;
/** Positions looked up per round: at most one page of lookups ahead of what is returned. */
const MAX_BATCH = 200;
/** Positions one read looks at, at most (unless `limit` asks for more). */
const MAX_POSITIONS_PER_READ = 5000;
/** Cursors this far past the hint are not from this feed (the hint lags by a handful at most). */
const UNKNOWN_CURSOR_MARGIN = 64;

export async function readChangeFeed(
  db: Db,
  platform: string,
  options: ReadFeedOptions,
): Promise<StoredFeedPage> {
  const { heads } = feedCollections(db);
  const [head, retention] = await Promise.all([
    heads.findOne({ _id: platform }),
    heads.findOne({ _id: oldestKey(platform) }),
  ]);
  const allocated = head?.allocated ?? 0;
  const oldest = retention?.oldest ?? 1;
  if (options.after < oldest - 1) throw new FeedCursorExpiredError(options.after, oldest - 1, allocated);
  if (options.after > allocated + UNKNOWN_CURSOR_MARGIN)
    throw new FeedCursorUnknownError(options.after, allocated);

  const types = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
  const gap = {
    db,
    platform,
    timeoutMs: options.gapTimeoutMs ?? DEFAULT_GAP_TIMEOUT_MS,
    now: options.now ?? (() => new Date()),
  };
  const changes: FeedChangeDocument[] = [];
  let cursor = options.after;
  // A type filter can skip many positions: one read looks at a bounded number, `next` says where it got.
  const stop = cursor + Math.max(MAX_POSITIONS_PER_READ, options.limit);
  // Up to one past the hint: when that one is decided too, the hint lags and the read probes further.
  let bound = Math.min(options.until ?? Math.max(allocated, cursor) + 1, stop);
  while (changes.length < options.limit && cursor < bound) {
    const positions = range(cursor + 1, Math.min(bound, cursor + Math.min(MAX_BATCH, options.limit)));
    const found = await findByIds(
      feedCollections(db).changes,
      positions.map((position) => feedKey(platform, position)),
    );
    for (const position of positions) {
      const decided = found.get(feedKey(platform, position)) ?? (await decideGap(gap, position));
      if (!decided) return { changes, next: cursor, head: allocated };
      cursor = position;
      if (decided.kind === 'change' && (!types || types.has(decided.resourceType ?? ''))) {
        changes.push(decided);
        if (changes.length >= options.limit) break;
      }
    }
    if (options.until === undefined && cursor === bound && cursor > allocated) {
      bound = Math.min(cursor + PROBE_PAST_HINT, stop);
    }
  }
  return { changes, next: cursor, head: allocated };
}

interface GapContext {
  readonly db: Db;
  readonly platform: string;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/** The document a position without one can be given now, or undefined: wait (or the feed ends here). */
async function decideGap(gap: GapContext, position: number): Promise<FeedChangeDocument | undefined> {
  const { db, platform } = gap;
  const slot = await feedCollections(db).slots.findOne({ _id: feedKey(platform, position) });
  if (!slot) return undefined;
  const mirrored = await collections(db).entities.findOne({ _id: slot.entity });
  if (carries(mirrored, position)) return decidePosition(db, changeFromMirror(platform, mirrored));
  if (gap.now().getTime() - slot.allocatedAt.getTime() < gap.timeoutMs) return undefined;
  const decided = await decidePosition(db, voidDocument(platform, position, gap.now()));
  if (decided.kind === 'void') {
    // The write may have landed between the look above and the void: then it needs a new position.
    const again = await collections(db).entities.findOne({ _id: slot.entity });
    if (carries(again, position)) await moveToNewPosition(db, platform, slot.entity, position);
  }
  return decided;
}

function carries(
  mirrored: MirroredEntityDocument | null,
  position: number,
): mirrored is MirroredEntityDocument {
  return mirrored?.feed?.position === position;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}
