/**
 * The feed as consumers see it (src/domain/change-feed.ts): stored changes turned into `FeedChange`s with
 * string cursors. Shared by `GET /changes` and the notification delivery, so both say exactly the same.
 */
import type { Db } from 'mongodb';

import { cursorOf, type FeedChange, type FeedPage } from '../../domain/change-feed';
import { recordOfChange, type FeedChangeDocument } from './feed-documents';
import { readChangeFeed, type ReadFeedOptions } from './feed-reader';

function toFeedChange(stored: FeedChangeDocument): FeedChange {
  const record = recordOfChange(stored);
  if (stored.kind !== 'change' || !stored.operation || !stored.origin || !record) {
    throw new Error(`feed position ${stored._id} holds no change`);
  }
  return {
    cursor: cursorOf(stored.position),
    resourceType: stored.resourceType ?? '',
    resourceId: stored.resourceId ?? '',
    operation: stored.operation,
    origin: stored.origin,
    lastModifiedDateTime: stored.lastModifiedDateTime ?? null,
    record,
  };
}

export interface ReadFeedPageResult {
  readonly page: FeedPage;
  /** Changes allocated but not yet read past: how far behind this reader is (approximately). */
  readonly lag: number;
}

export async function readFeedPage(
  db: Db,
  platform: string,
  options: ReadFeedOptions,
): Promise<ReadFeedPageResult> {
  const stored = await readChangeFeed(db, platform, options);
  return {
    page: { platform, changes: stored.changes.map(toFeedChange), next: cursorOf(stored.next) },
    lag: Math.max(0, stored.head - stored.next),
  };
}
