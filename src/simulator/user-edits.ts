/**
 * What Arlo users do all day, as single writes through the platform (each emits its PlatformEvent and
 * webhooks): edit contacts and organisations, register contacts on events, record attendance, add new
 * contacts, and now and then merge two contacts. The demo runs these; the control API exposes them.
 */
import { emptyState, stateOf } from './platform';
import type { PlatformEvent } from './event-log';
import type { Prng } from './prng';
import {
  sampleFirstNames,
  samplePositions,
  sampleRecord,
  SEED_ORDER,
  type Pools,
  type SeedableType,
} from './seed/sample-data';
import type { SimulatorCore } from './simulator-core';
import type { SimRecord } from './store/record';
import { applyRecordInput } from './write/record-input';

export interface UserEdit {
  readonly description: string;
  readonly event: PlatformEvent | undefined;
}

type Edit = (core: SimulatorCore, rng: Prng) => string | undefined;

const EDITS: readonly [weight: number, edit: Edit][] = [
  [30, editContact],
  [15, editOrganisation],
  [20, recordAttendance],
  [15, registerContact],
  [10, createContact],
  [1, mergeContacts],
];

/** Performs one random edit; returns what was done and the PlatformEvent it produced. */
export function performUserEdit(core: SimulatorCore, rng: Prng): UserEdit {
  const before = core.platform.events.peekNextId();
  const total = EDITS.reduce((sum, [weight]) => sum + weight, 0);
  let pick = rng.next() * total;
  let description: string | undefined;
  for (const [weight, edit] of EDITS) {
    pick -= weight;
    if (pick < 0) {
      description = edit(core, rng);
      break;
    }
  }
  description ??= createContact(core, rng);
  const last = core.platform.events.retained().at(-1);
  const event = last && last.idValue >= BigInt(before) ? last : undefined;
  return { description: description ?? 'nothing to edit', event };
}

function randomLive(core: SimulatorCore, rng: Prng, type: SeedableType): SimRecord | undefined {
  const live = core.platform.store.live(type);
  return live.length > 0 ? rng.pick(live) : undefined;
}

function editContact(core: SimulatorCore, rng: Prng): string | undefined {
  const contact = randomLive(core, rng, 'Contact');
  if (!contact) return undefined;
  const state = stateOf(contact);
  const choice = rng.int(3);
  if (choice === 0 && contact.employment) {
    const position = rng.pick(samplePositions);
    core.platform.commit(contact, {
      ...state,
      employment: {
        ...contact.employment,
        fields: new Map(contact.employment.fields).set('Position', position),
      },
    });
    return `Contact ${contact.id}: position → ${position}`;
  }
  const field = choice === 1 ? 'PhoneMobile' : 'PhoneWork';
  const value = `02${rng.between(1, 9)} ${rng.between(100, 999)} ${String(rng.int(100000)).padStart(5, '0')}`;
  core.platform.commit(contact, { ...state, fields: new Map(state.fields).set(field, value) });
  return `Contact ${contact.id}: ${field} → ${value}`;
}

function editOrganisation(core: SimulatorCore, rng: Prng): string | undefined {
  const organisation = randomLive(core, rng, 'Organisation');
  if (!organisation) return undefined;
  const state = stateOf(organisation);
  const value = `+64 ${rng.between(3, 9)} ${rng.between(200, 999)} ${String(rng.int(10000)).padStart(4, '0')}`;
  core.platform.commit(organisation, { ...state, fields: new Map(state.fields).set('PhonePrimary', value) });
  return `Organisation ${organisation.id}: PhonePrimary → ${value}`;
}

function recordAttendance(core: SimulatorCore, rng: Prng): string | undefined {
  const registration = randomLive(core, rng, 'Registration');
  if (!registration) return undefined;
  const state = stateOf(registration);
  const outcome = rng.pick(['Pass', 'Fail', 'Pass']);
  const fields = new Map(state.fields)
    .set('Attendance', 'Attended')
    .set('Outcome', outcome)
    .set('Status', 'Completed');
  core.platform.commit(registration, { ...state, fields });
  return `Registration ${registration.id}: attended, ${outcome}`;
}

function registerContact(core: SimulatorCore, rng: Prng): string | undefined {
  return createSample(core, rng, 'Registration');
}

function createContact(core: SimulatorCore, rng: Prng): string | undefined {
  return createSample(core, rng, 'Contact');
}

function createSample(core: SimulatorCore, rng: Prng, type: SeedableType): string {
  const store = core.platform.store;
  const pools = Object.fromEntries(
    SEED_ORDER.map((t) => [t, store.live(t).map((r) => r.id)]),
  ) as unknown as Pools;
  const now = new Date(Number(core.platform.clock.nowTicks() / 10_000n));
  const input = sampleRecord(type, rng, store.count(type) + 1, pools, now);
  const record = core.platform.create(type, applyRecordInput(type, emptyState(), input, store));
  return `${type} ${record.id} created${type === 'Contact' ? ` (${record.fields.get('FirstName') ?? rng.pick(sampleFirstNames)})` : ''}`;
}

function mergeContacts(core: SimulatorCore, rng: Prng): string | undefined {
  const live = core.platform.store.live('Contact');
  if (live.length < 20) return undefined;
  const source = rng.pick(live);
  const destination = rng.pick(live.filter((c) => c !== source));
  const request = core.platform.merge(source, destination);
  return `Contact ${source.id} merged into ${destination.id} (request ${request.id})`;
}
