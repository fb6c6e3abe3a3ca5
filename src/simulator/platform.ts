/**
 * One simulated Arlo platform's state and the only place it changes. Every accepted write, whether from
 * the API (PATCH/POST/PUT) or from a simulated Arlo user (control API, demo), goes through `create`,
 * `commit`, `remove` or `merge`: each bumps LastModifiedDateTime to a strictly later 7-digit timestamp
 * and appends a PlatformEvent, which the webhook dispatcher hears about.
 */
import type { EventAction } from '../domain/arlo-event';
import type { ResourceType } from '../domain/resource-types';
import { formatTicks } from './arlo-ticks';
import type { Clock } from './clock';
import { EventLog, type PlatformEvent } from './event-log';
import type { Prng } from './prng';
import type { CustomField, Employment, IntegrationDataEntry, SimRecord } from './store/record';
import { RecordStore } from './store/record-store';
import { RESOURCE_SCHEMAS } from './store/resource-schemas';
import { TimestampSource } from './timestamp-source';

/** The writable state of a record; what a create supplies and a commit replaces. */
export interface RecordState {
  /** Writable simple fields only; read-only ones (ID, UniqueIdentifier, timestamps) are the server's. */
  readonly fields: ReadonlyMap<string, string>;
  readonly refs: ReadonlyMap<string, string>;
  readonly employment: Employment | undefined;
  readonly postalAddress: ReadonlyMap<string, string> | undefined;
  readonly customFields: readonly CustomField[] | undefined;
  readonly integrationData: ReadonlyMap<string, IntegrationDataEntry>;
}

export interface CreateOptions {
  /** An explicit ID (integer types), e.g. to reproduce the guides' examples. */
  readonly id?: string;
  /** Place the record at this instant instead of "now" (seeds); the timestamp source moves past it. */
  readonly ticks?: bigint;
  /** Record a Created event (default true; seeds may build history silently). */
  readonly emitEvent?: boolean;
}

export interface PlatformOptions {
  readonly clock: Clock;
  readonly prng: Prng;
  readonly eventIdStart?: bigint;
  readonly eventRetentionMs?: number;
}

export class SimPlatform {
  readonly clock: Clock;
  readonly store: RecordStore;
  readonly events: EventLog;
  readonly timestamps: TimestampSource;
  private readonly guids: Prng;

  constructor(options: PlatformOptions) {
    this.clock = options.clock;
    this.guids = options.prng.derive('unique-identifiers');
    this.store = new RecordStore(options.prng.derive('merge-request-ids'));
    this.events = new EventLog(options.clock, {
      ...(options.eventIdStart === undefined ? {} : { startId: options.eventIdStart }),
      ...(options.eventRetentionMs === undefined ? {} : { retentionMs: options.eventRetentionMs }),
    });
    this.timestamps = new TimestampSource(options.clock);
  }

  create(type: ResourceType, state: RecordState, options: CreateOptions = {}): SimRecord {
    const schema = RESOURCE_SCHEMAS[type];
    let id: string;
    if (options.id === undefined) {
      id = this.store.allocateId(type);
    } else {
      this.store.reserveId(type, options.id);
      id = options.id;
    }
    let ticks: bigint;
    if (options.ticks === undefined) {
      ticks = this.timestamps.nextTicks();
    } else {
      ticks = options.ticks;
      this.timestamps.observe(ticks);
    }
    const timestamp = formatTicks(ticks);
    const serverFields = new Map<string, string>([[schema.idField, id]]);
    if (schema.fields.some((f) => f.name === 'UniqueIdentifier')) {
      serverFields.set('UniqueIdentifier', this.guids.guid());
    }
    serverFields.set('CreatedDateTime', timestamp);
    serverFields.set('LastModifiedDateTime', timestamp);
    const record: SimRecord = {
      type,
      id,
      fields: orderFields(type, serverFields, state.fields),
      createdTicks: ticks,
      lastModifiedTicks: ticks,
      refs: new Map(state.refs),
      employment: state.employment,
      postalAddress: state.postalAddress,
      customFields: state.customFields,
      integrationData: new Map(state.integrationData),
      deleted: false,
      mergedInto: undefined,
    };
    this.store.insert(record);
    if (options.emitEvent !== false) {
      this.record('Created', record, options.ticks === undefined ? ticks : this.timestamps.nextTicks());
    }
    return record;
  }

  /** Replaces the record's writable state: an accepted write, so LastModifiedDateTime moves and an event is recorded. */
  commit(record: SimRecord, state: RecordState): PlatformEvent {
    const ticks = this.timestamps.nextTicks();
    const serverFields = new Map<string, string>();
    for (const field of RESOURCE_SCHEMAS[record.type].fields) {
      const value = record.fields.get(field.name);
      if (field.readOnly && value !== undefined) serverFields.set(field.name, value);
    }
    serverFields.set('LastModifiedDateTime', formatTicks(ticks));
    record.fields = orderFields(record.type, serverFields, state.fields);
    record.lastModifiedTicks = ticks;
    record.refs = new Map(state.refs);
    record.employment = state.employment;
    record.postalAddress = state.postalAddress;
    record.customFields = state.customFields;
    record.integrationData = new Map(state.integrationData);
    return this.record('Updated', record, ticks);
  }

  remove(record: SimRecord): PlatformEvent {
    const ticks = this.timestamps.nextTicks();
    record.deleted = true;
    record.lastModifiedTicks = ticks;
    record.fields.set('LastModifiedDateTime', formatTicks(ticks));
    return this.record('Deleted', record, ticks);
  }

  /**
   * Merges `source` into `destination` as an Arlo user would: a merge request is created (its Created
   * event), the destination is updated, the source disappears (its Deleted event; GETs answer 404, or 308
   * when that knob is on).
   */
  merge(source: SimRecord, destination: SimRecord): SimRecord {
    if (source.type !== destination.type || (source.type !== 'Contact' && source.type !== 'Organisation')) {
      throw new RangeError('only two Contacts or two Organisations can be merged');
    }
    const requestType = source.type === 'Contact' ? 'ContactMergeRequest' : 'OrganisationMergeRequest';
    const request = this.create(requestType, {
      ...emptyState(),
      refs: new Map([
        [`Source${source.type}`, source.id],
        [`Destination${source.type}`, destination.id],
      ]),
    });
    source.mergedInto = { id: destination.id, requestId: request.id };
    this.record('Deleted', source, this.timestamps.nextTicks());
    this.commit(destination, stateOf(destination));
    return request;
  }

  private record(action: EventAction, record: SimRecord, ticks: bigint): PlatformEvent {
    return this.events.append(action, record.type, record.id, ticks);
  }
}

export function emptyState(): RecordState {
  return {
    fields: new Map(),
    refs: new Map(),
    employment: undefined,
    postalAddress: undefined,
    customFields: undefined,
    integrationData: new Map(),
  };
}

/** The record's current writable state, to modify and commit. */
export function stateOf(record: SimRecord): RecordState {
  const fields = new Map<string, string>();
  for (const field of RESOURCE_SCHEMAS[record.type].fields) {
    const value = record.fields.get(field.name);
    if (!field.readOnly && value !== undefined) fields.set(field.name, value);
  }
  return {
    fields,
    refs: new Map(record.refs),
    employment: record.employment,
    postalAddress: record.postalAddress,
    customFields: record.customFields,
    integrationData: new Map(record.integrationData),
  };
}

/** Server fields and writable fields merged in the schema's order (the order every representation uses). */
function orderFields(
  type: ResourceType,
  serverFields: ReadonlyMap<string, string>,
  writable: ReadonlyMap<string, string>,
): Map<string, string> {
  const ordered = new Map<string, string>();
  for (const field of RESOURCE_SCHEMAS[type].fields) {
    const value = field.readOnly ? serverFields.get(field.name) : writable.get(field.name);
    if (value !== undefined && value !== '') ordered.set(field.name, value);
  }
  return ordered;
}
