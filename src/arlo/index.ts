/**
 * The Arlo client library's public surface. Activities, the CLI and the push planner import from here.
 */
export * from './arlo-client';
export * from './bulk-query';
export type { CollectionPage } from './collections';
export { oauth2ClientCredentials } from './credentials';
export * from './entities';
export * from './errors';
export { newestPlatformEventId } from './newest-platform-event';
export * from './patch-diff';
export * from './resource-writers';
export * from './webhook-endpoints';
export * from './xml-writer';
export * from './xpath-selector';
