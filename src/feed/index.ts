/**
 * What the external system needs to consume arlo-sync's change feed: `readChanges` (GET /changes) and
 * `verifyNotification` (signed notifications), with their types. README.md, "The change feed".
 */
export {
  FeedCursorExpiredError,
  FeedRequestError,
  readChanges,
  type ReadChangesOptions,
} from './feed-client';
export {
  NotificationVerificationError,
  verifyNotification,
  type NotificationHeaders,
  type VerifyNotificationInput,
} from './notification-signature';
export type {
  ChangedRecord,
  ChangesNotification,
  ChangeOperation,
  ChangeOrigin,
  ExpiredNotification,
  FeedChange,
  FeedNotification,
  FeedPage,
} from '../domain/change-feed';
export { NOTIFICATION_TYPES } from '../domain/change-feed';
