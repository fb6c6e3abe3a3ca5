import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes arlo-sync sets on its workflows, so an operator can find, in the Temporal
 * Web UI, every event about one contact (`ArloResourceType="Contact" AND ArloResourceId="10987"`) or every
 * push for one external record. All are Keyword: exact-match filters, no tokenising.
 *
 * The dev server registers them at start (`--search-attribute`); production namespaces get them from
 * `arlo-sync temporal-setup` (see src/temporal/namespace-setup.ts).
 */
export const searchAttributes = {
  platform: defineSearchAttributeKey('ArloPlatform', SearchAttributeType.KEYWORD),
  resourceType: defineSearchAttributeKey('ArloResourceType', SearchAttributeType.KEYWORD),
  resourceId: defineSearchAttributeKey('ArloResourceId', SearchAttributeType.KEYWORD),
  eventType: defineSearchAttributeKey('ArloEventType', SearchAttributeType.KEYWORD),
  eventId: defineSearchAttributeKey('ArloEventId', SearchAttributeType.KEYWORD),
  externalId: defineSearchAttributeKey('ArloExternalId', SearchAttributeType.KEYWORD),
  outcome: defineSearchAttributeKey('ArloSyncOutcome', SearchAttributeType.KEYWORD),
} as const;

export const SEARCH_ATTRIBUTE_KEYS = Object.values(searchAttributes);
