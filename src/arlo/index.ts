/**
 * The Arlo client library's public surface. Activities, the CLI and the push planner import from here.
 */
export * from './arlo-client';
export * from './bulk-query';
export { parseCollectionPage, type CollectionPage } from './collections';
export {
  basicCredentials,
  createCredentialsProvider,
  oauth2ClientCredentials,
  type CredentialsProvider,
} from './credentials';
export * from './entities';
export * from './errors';
export type { IntegrationDataRecord, IntegrationDataType } from './integration-data';
export { INTEGRATION_DATA_TYPES, isIntegrationDataType } from './integration-data';
export { newestPlatformEventId, type PlatformEventLister } from './newest-platform-event';
export * from './patch-diff';
export {
  missingEventIds,
  parsePlatformEvent,
  parsePlatformEventPage,
  type PlatformEventPage,
  type PlatformEventRecord,
} from './platform-events';
export * from './resource-writers';
export { MAX_PAGE_SIZE, parseResourceHref } from './resource-urls';
export * from './webhook-endpoints';
export { parseXml, XmlParseError } from './xml-parser';
export type { XmlElement } from './xml-tree';
export * from './xml-writer';
export * from './xpath-selector';
