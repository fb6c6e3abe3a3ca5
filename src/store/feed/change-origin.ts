/**
 * Who caused a mirror write, for the change feed: a bulk walk or reconciliation says so itself; a
 * webhook's (or catch-up's) write is the echo of our own push when its LastModifiedDateTime is one the
 * push recorded for that record (the same test the pull side's answerArloChange makes), otherwise an
 * Arlo user's edit. Two reads by `_id`, only for the resource types arlo-sync pushes.
 */
import type { Db } from 'mongodb';

import { normaliseArloTimestamp } from '../../domain/arlo-timestamp';
import type { ChangeOrigin } from '../../domain/change-feed';
import { PUSH_RESOURCE_TYPES } from '../../domain/push-messages';
import type { MirrorSource } from '../collections';
import { pushRecordLookup, type PushRecordLookup } from '../push-record-memo';

export async function changeOrigin(
  db: Db,
  platform: string,
  source: MirrorSource,
  version: { readonly resourceType: string; readonly id: string; readonly lastModifiedDateTime: string },
  lookUpPushRecord: PushRecordLookup = pushRecordLookup(db),
): Promise<ChangeOrigin> {
  if (source === 'bulk' || source === 'reconcile') return source;
  if (!(PUSH_RESOURCE_TYPES as readonly string[]).includes(version.resourceType)) return 'arlo-edit';
  const record = await lookUpPushRecord(platform, version.resourceType, version.id);
  const sortable = normaliseArloTimestamp(version.lastModifiedDateTime);
  return record?.ownWrites?.includes(sortable) ? 'push-echo' : 'arlo-edit';
}
