import { RESOURCE_TYPES, type ResourceType } from '../../domain/resource-types';
import type { Prng } from '../prng';
import { isLive, type SimRecord } from './record';

/** Integer IDs of every type start here unless a record is created with an explicit ID above it. */
const FIRST_INTEGER_ID = 1001;

/**
 * All records of one simulated platform, per type, in insertion order. IDs are allocated per type:
 * increasing integers, or GUIDs for merge requests.
 */
export class RecordStore {
  private readonly records = new Map<ResourceType, Map<string, SimRecord>>();
  private readonly nextId = new Map<ResourceType, number>();

  constructor(private readonly guids: Prng) {}

  allocateId(type: ResourceType): string {
    if (RESOURCE_TYPES[type].idKind === 'guid') return this.guids.guid();
    const next = this.nextId.get(type) ?? FIRST_INTEGER_ID;
    this.nextId.set(type, next + 1);
    return String(next);
  }

  /** Reserves an explicit integer ID (seeds reproducing the guides' examples); later IDs continue above it. */
  reserveId(type: ResourceType, id: string): void {
    if (this.get(type, id)) throw new RangeError(`${type} ${id} already exists`);
    if (RESOURCE_TYPES[type].idKind === 'integer') {
      const n = Number(id);
      if ((this.nextId.get(type) ?? FIRST_INTEGER_ID) <= n) this.nextId.set(type, n + 1);
    }
  }

  insert(record: SimRecord): void {
    this.table(record.type).set(record.id, record);
  }

  get(type: ResourceType, id: string): SimRecord | undefined {
    return this.records.get(type)?.get(id);
  }

  /** A record the API may show: not deleted, not merged away. */
  getLive(type: ResourceType, id: string): SimRecord | undefined {
    const record = this.get(type, id);
    return record && isLive(record) ? record : undefined;
  }

  /** Every record of the type, including deleted and merged ones, in insertion order. */
  all(type: ResourceType): SimRecord[] {
    return [...this.table(type).values()];
  }

  live(type: ResourceType): SimRecord[] {
    return this.all(type).filter(isLive);
  }

  count(type: ResourceType): number {
    return this.records.get(type)?.size ?? 0;
  }

  /** Every record and the next integer ID of each type: what a restart needs to continue (./persistence). */
  snapshot(): { records: SimRecord[]; nextIds: Record<string, number> } {
    return {
      records: [...this.records.values()].flatMap((table) => [...table.values()]),
      nextIds: Object.fromEntries(this.nextId),
    };
  }

  /** Loads a snapshot into an empty store. */
  restore(records: readonly SimRecord[], nextIds: Readonly<Record<string, number>>): void {
    for (const record of records) this.insert(record);
    for (const [type, next] of Object.entries(nextIds)) this.nextId.set(type as ResourceType, next);
  }

  private table(type: ResourceType): Map<string, SimRecord> {
    let table = this.records.get(type);
    if (!table) {
      table = new Map();
      this.records.set(type, table);
    }
    return table;
  }
}
