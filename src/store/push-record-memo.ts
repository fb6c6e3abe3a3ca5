/**
 * The push records of one batch's records, each looked up once. Two steps ask about the same record
 * moments apart: the mirror write, for its change-feed origin (./feed/change-origin.ts), and then the
 * pull side's check for an Arlo user's edit of owned fields (src/push/classify-arlo-change.ts). Both
 * read the Arlo ID pointer and the push record; shared, a batch reads them once per record.
 *
 * A memo lives as long as one batch's activity attempt, so it never outlasts the moment it describes
 * by more than the two separate reads did.
 */
import type { Db } from 'mongodb';

import { findPushRecordByArloId, type PushRecordDocument } from './push-records';

export type PushRecordLookup = (
  platform: string,
  resourceType: string,
  arloId: string,
) => Promise<PushRecordDocument | null>;

/** Every call a fresh read (the default of each step that takes a lookup). */
export function pushRecordLookup(db: Db): PushRecordLookup {
  return (platform, resourceType, arloId) => findPushRecordByArloId(db, platform, resourceType, arloId);
}

/** The first call per record reads; later calls for it get the same answer. A failed read is not kept. */
export function memoizedPushRecordLookup(db: Db): PushRecordLookup {
  return onceEachRecord(pushRecordLookup(db));
}

/** `read`, asked at most once per record while its answer stands (a rejection is forgotten). */
export function onceEachRecord(read: PushRecordLookup): PushRecordLookup {
  const answers = new Map<string, Promise<PushRecordDocument | null>>();
  return (platform, resourceType, arloId) => {
    const key = JSON.stringify([platform, resourceType, arloId]);
    let answer = answers.get(key);
    if (!answer) {
      answer = read(platform, resourceType, arloId);
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
    }
    return answer;
  };
}
