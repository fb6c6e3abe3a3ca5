/**
 * A simulated platform's lasting state as plain JSON: its records, its retained PlatformEvents with the
 * next event ID, and its webhook endpoints. Enough for a restarted simulator to continue where the last
 * one stopped (same records, event IDs going on upwards, the same endpoint and key), which is what a
 * real platform does when the integration restarts. Ticks and IDs travel as decimal strings (bigint).
 */
import type { EventAction } from '../../domain/arlo-event';
import type { ResourceType } from '../../domain/resource-types';
import { formatTicks } from '../arlo-ticks';
import type { PlatformEvent } from '../event-log';
import type { SimulatorCore } from '../simulator-core';
import type { CustomField, IntegrationDataEntry, SimRecord } from '../store/record';
import type { WebhookEndpoint } from '../webhooks/endpoint-registry';

export const PLATFORM_STATE_VERSION = 1;

type Pairs = readonly (readonly [string, string])[];

interface RecordJson {
  readonly type: ResourceType;
  readonly id: string;
  readonly fields: Pairs;
  readonly createdTicks: string;
  readonly lastModifiedTicks: string;
  readonly refs: Pairs;
  readonly employment?: { readonly fields: Pairs; readonly organisationId?: string };
  readonly postalAddress?: Pairs;
  readonly customFields?: readonly CustomField[];
  readonly integrationData: readonly {
    readonly key: string;
    readonly vendorId: string;
    readonly fields: Pairs;
  }[];
  readonly deleted: boolean;
  readonly mergedInto?: { readonly id: string; readonly requestId: string };
}

interface EventJson {
  readonly id: string;
  readonly type: EventAction;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly ticks: string;
}

export interface PlatformStateJson {
  readonly version: typeof PLATFORM_STATE_VERSION;
  readonly platform: string;
  readonly savedAt: string;
  readonly nextEventId: string;
  readonly nextIds: Readonly<Record<string, number>>;
  readonly records: readonly RecordJson[];
  readonly events: readonly EventJson[];
  readonly endpoints: readonly WebhookEndpoint[];
}

export function capturePlatformState(core: SimulatorCore, now: Date): PlatformStateJson {
  const { records, nextIds } = core.platform.store.snapshot();
  return {
    version: PLATFORM_STATE_VERSION,
    platform: core.platformName,
    savedAt: now.toISOString(),
    nextEventId: core.platform.events.peekNextId(),
    nextIds,
    records: records.map(recordToJson),
    events: core.platform.events.retained().map((event) => ({
      id: event.id,
      type: event.type,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      ticks: event.ticks.toString(),
    })),
    endpoints: core.registry.list(),
  };
}

/**
 * Loads a saved state into a freshly started, empty simulator. Nothing is re-sent: the events were
 * delivered (or given up on) before, as on a real platform.
 */
export function restorePlatformState(core: SimulatorCore, state: PlatformStateJson): void {
  const records = state.records.map(recordFromJson);
  core.platform.store.restore(records, state.nextIds);
  const events = state.events.map(eventFromJson);
  core.platform.events.restore(events, BigInt(state.nextEventId));
  // Later writes must be strictly later than anything restored, whatever the clock says.
  for (const record of records) core.platform.timestamps.observe(record.lastModifiedTicks);
  for (const event of events) core.platform.timestamps.observe(event.ticks);
  core.registry.restore(state.endpoints);
}

function recordToJson(record: SimRecord): RecordJson {
  return {
    type: record.type,
    id: record.id,
    fields: [...record.fields],
    createdTicks: record.createdTicks.toString(),
    lastModifiedTicks: record.lastModifiedTicks.toString(),
    refs: [...record.refs],
    ...(record.employment
      ? {
          employment: {
            fields: [...record.employment.fields],
            ...(record.employment.organisationId !== undefined
              ? { organisationId: record.employment.organisationId }
              : {}),
          },
        }
      : {}),
    ...(record.postalAddress ? { postalAddress: [...record.postalAddress] } : {}),
    ...(record.customFields ? { customFields: record.customFields } : {}),
    integrationData: [...record.integrationData].map(([key, entry]) => ({
      key,
      vendorId: entry.vendorId,
      fields: [...entry.fields],
    })),
    deleted: record.deleted,
    ...(record.mergedInto ? { mergedInto: record.mergedInto } : {}),
  };
}

function recordFromJson(json: RecordJson): SimRecord {
  return {
    type: json.type,
    id: json.id,
    fields: new Map(json.fields),
    createdTicks: BigInt(json.createdTicks),
    lastModifiedTicks: BigInt(json.lastModifiedTicks),
    refs: new Map(json.refs),
    employment: json.employment
      ? { fields: new Map(json.employment.fields), organisationId: json.employment.organisationId }
      : undefined,
    postalAddress: json.postalAddress ? new Map(json.postalAddress) : undefined,
    customFields: json.customFields,
    integrationData: new Map(
      json.integrationData.map(({ key, vendorId, fields }): [string, IntegrationDataEntry] => [
        key,
        { vendorId, fields: new Map(fields) },
      ]),
    ),
    deleted: json.deleted,
    mergedInto: json.mergedInto,
  };
}

function eventFromJson(json: EventJson): PlatformEvent {
  const ticks = BigInt(json.ticks);
  return {
    id: json.id,
    idValue: BigInt(json.id),
    type: json.type,
    resourceType: json.resourceType,
    resourceId: json.resourceId,
    ticks,
    dateTime: formatTicks(ticks),
  };
}
