/**
 * The change feed's vocabulary, shared by the store that records it, the receiver that serves it
 * (`GET /changes`), the notification workflow that delivers it and the typed client that reads it.
 * Pure types and functions: safe inside the workflow sandbox.
 */

/** What happened to the mirrored record. */
export type ChangeOperation = 'created' | 'updated' | 'deleted' | 'merged';

/**
 * Who caused the change: an Arlo user (or anything else that is not ours), the echo of our own push (its
 * LastModifiedDateTime is one the push recorded), a bulk walk, or the nightly reconciliation.
 */
export type ChangeOrigin = 'arlo-edit' | 'push-echo' | 'bulk' | 'reconcile';

/** The mirrored record as the feed carries it: the representation arlo-sync stored, or its tombstone. */
export interface ChangedRecord {
  readonly fields: Readonly<Record<string, string>>;
  readonly links: ReadonlyArray<{ rel: string; title?: string; href: string }>;
  readonly related: Readonly<Record<string, unknown>>;
  readonly nested?: Readonly<Record<string, unknown>>;
  readonly createdDateTime?: string;
  readonly deleted: boolean;
  /** Set when a merge made this record point at the record that survived. */
  readonly mergedInto?: string;
}

/** One change, as `GET /changes` answers it and notifications carry it. */
export interface FeedChange {
  /** Its position in the platform's feed; ask with it as `after` to read what follows. */
  readonly cursor: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly operation: ChangeOperation;
  readonly origin: ChangeOrigin;
  /** Arlo's LastModifiedDateTime of the stored version; null for a tombstone of a record never mirrored. */
  readonly lastModifiedDateTime: string | null;
  readonly record: ChangedRecord;
}

/** The answer of `GET /changes`. */
export interface FeedPage {
  readonly platform: string;
  readonly changes: readonly FeedChange[];
  /** Store this once the page is processed and ask with it next; it moves past skipped positions too. */
  readonly next: string;
}

/** A cursor is a position: a non-negative decimal integer, `0` before the first change. */
export function parseCursor(value: string): number | undefined {
  if (!/^(0|[1-9]\d{0,14})$/.test(value)) return undefined;
  return Number(value);
}

export const cursorOf = (position: number): string => String(position);

/** The notification kinds a consumer's webhook endpoint receives (the payload's `type`). */
export const NOTIFICATION_TYPES = {
  /** `data` is a FeedPage: changes in feed order, and the cursor after them. */
  changes: 'arlo.changes',
  /**
   * The consumer fell further behind than the feed keeps (retention): the changes between its cursor and
   * `data.next` are gone; re-read the records from a bulk snapshot, then continue with the notifications
   * that follow.
   */
  expired: 'arlo.changes.expired',
} as const;

export interface ChangesNotification {
  readonly type: (typeof NOTIFICATION_TYPES)['changes'];
  readonly timestamp: string;
  /**
   * `after` is the cursor the batch follows: the previous notification's `next`, so a consumer can see
   * that nothing lies between two notifications.
   */
  readonly data: FeedPage & { readonly after: string };
}

export interface ExpiredNotification {
  readonly type: (typeof NOTIFICATION_TYPES)['expired'];
  readonly timestamp: string;
  readonly data: { readonly platform: string; readonly after: string; readonly next: string };
}

export type FeedNotification = ChangesNotification | ExpiredNotification;
