/**
 * The end of a chaos run, record by record, once everything has settled:
 * - the MongoDB mirror against the simulator's truth, for every record any event touched (lost: alive in
 *   Arlo but missing or tombstoned in the mirror; wrong: fields differ, or deleted/merged not reflected);
 * - every event the platform emitted against the ledger (unprocessed, or ledgered more than once);
 * - the push side's intent against Arlo (lost: no record; wrong: an owned value differs; duplicate: two
 *   live Arlo records with one external ID);
 * - PATCHes Arlo accepted against the changes that justified them (more is a duplicate side effect).
 */
import { isDeepStrictEqual } from 'node:util';

import type { Db } from 'mongodb';

import { isHandledEventType } from '../domain/arlo-event';
import type { ResourceType } from '../domain/resource-types';
import type { SimulatorControlClient } from '../simulator/control-client';
import type { TruthRecord } from '../simulator/truth';
import { collections } from '../store/collections';
import { recordOfMirrored } from '../store/mirror-record';
import type { PushIntent } from './push-driver';

export interface ComparisonInput {
  readonly db: Db;
  readonly platform: string;
  readonly control: SimulatorControlClient;
  readonly intents: readonly PushIntent[];
  /** Pushes that changed a value of an existing record (each may cost one PATCH). */
  readonly pushChanges: number;
  /** Arlo-user edits per `Type id`, to allow one corrective PATCH for each edit of a pushed record. */
  readonly userEditsByRecord: ReadonlyMap<string, number>;
  /** What Temporal knows of an unprocessed event's workflow, added to its problem line. */
  readonly describeEventWorkflow?: (eventId: string) => Promise<string>;
}

export interface ComparisonResult {
  readonly recordsCompared: number;
  readonly recordsLost: number;
  readonly recordsWrong: number;
  readonly duplicateSideEffects: number;
  readonly eventsDelivered: number;
  readonly eventsUnprocessed: number;
  /** Pushed records an Arlo user merged away: their values now live on the survivor, not compared. */
  readonly pushedMergedAway: number;
  readonly patches: { readonly accepted: number; readonly allowed: number };
  readonly problems: readonly string[];
}

const PROBLEMS_KEPT = 20;
const PATCH_ROUTE = /^PATCH \/(contacts|organisations)\/[^/]+\/$/;

export async function compareFinalState(input: ComparisonInput): Promise<ComparisonResult> {
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < PROBLEMS_KEPT) problems.push(problem);
  };
  const { entities, processedEvents } = collections(input.db);

  // Events and the ledger.
  const events = (await input.control.events()).filter((e) => isHandledEventType(e.type));
  const ledger = await processedEvents
    .find({ platform: input.platform }, { projection: { eventId: 1 } })
    .toArray();
  const ledgerCount = new Map<string, number>();
  for (const row of ledger) ledgerCount.set(row.eventId, (ledgerCount.get(row.eventId) ?? 0) + 1);
  let eventsUnprocessed = 0;
  for (const event of events) {
    if (!ledgerCount.has(event.id)) {
      eventsUnprocessed += 1;
      const workflow =
        eventsUnprocessed <= PROBLEMS_KEPT ? await input.describeEventWorkflow?.(event.id) : undefined;
      note(
        `event ${event.id} (${event.type} ${event.resourceId}) never processed` +
          (workflow === undefined ? '' : `: ${workflow}`),
      );
    }
  }
  let duplicateSideEffects = 0;
  for (const [eventId, count] of ledgerCount) {
    if (count > 1) {
      duplicateSideEffects += count - 1;
      note(`event ${eventId} ledgered ${count} times`);
    }
  }

  // The mirror against the truth, for every record an event touched.
  const touched = new Map<ResourceType, Set<string>>();
  for (const event of events) {
    const type = event.resourceType as ResourceType;
    touched.set(type, (touched.get(type) ?? new Set()).add(event.resourceId));
  }
  const mirror = new Map(
    (
      await entities
        .find(
          { platform: input.platform },
          {
            projection: {
              resourceType: 1,
              resourceId: 1,
              recordJson: 1,
              fields: 1,
              deleted: 1,
              mergedInto: 1,
              source: 1,
              lastEventId: 1,
              syncedAt: 1,
            },
          },
        )
        .toArray()
    ).map((doc) => [
      `${doc.resourceType} ${doc.resourceId}`,
      { ...doc, fields: recordOfMirrored(doc).fields },
    ]),
  );
  const truthByType = new Map<ResourceType, TruthRecord[]>();
  let recordsCompared = 0;
  let recordsLost = 0;
  let recordsWrong = 0;
  for (const [type, ids] of touched) {
    const truths = await input.control.truth(type);
    truthByType.set(type, truths);
    for (const truth of truths) {
      if (!ids.has(truth.id)) continue;
      recordsCompared += 1;
      const label = `${type} ${truth.id}`;
      const mirrored = mirror.get(label);
      if (truth.mergedInto !== undefined) {
        if (mirrored?.mergedInto !== truth.mergedInto) {
          recordsWrong += 1;
          note(`${label}: not marked merged into ${truth.mergedInto}`);
        }
      } else if (truth.deleted) {
        if (!mirrored?.deleted) {
          recordsWrong += 1;
          note(`${label}: deleted in Arlo, not tombstoned in the mirror`);
        }
      } else if (!mirrored || mirrored.deleted) {
        recordsLost += 1;
        note(
          `${label}: ${mirrored ? 'tombstoned in the mirror but alive in Arlo' : 'missing from the mirror'}`,
        );
      } else if (!isDeepStrictEqual(mirrored.fields, truth.fields)) {
        recordsWrong += 1;
        // Which write left the mirror behind: its source, its event, and when it landed.
        const write =
          mirrored.source +
          (mirrored.lastEventId === undefined ? '' : ` event ${mirrored.lastEventId}`) +
          ` at ${mirrored.syncedAt.toISOString()}`;
        note(
          `${label}: mirror ${JSON.stringify(mirrored.fields)} (written by ${write}) ≠ Arlo ` +
            JSON.stringify(truth.fields),
        );
      }
    }
  }

  // The push side's intent against Arlo.
  let pushedMergedAway = 0;
  let correctiveAllowance = 0;
  for (const intent of input.intents) {
    const truths = truthByType.get(intent.resourceType) ?? (await input.control.truth(intent.resourceType));
    truthByType.set(intent.resourceType, truths);
    const withCode = truths.filter((t) => t.fields.CodePrimary === intent.externalId);
    const live = withCode.filter((t) => !t.deleted && t.mergedInto === undefined);
    for (const record of withCode)
      correctiveAllowance += input.userEditsByRecord.get(`${intent.resourceType} ${record.id}`) ?? 0;
    const label = `pushed ${intent.resourceType} ${intent.externalId}`;
    if (live.length > 1) {
      duplicateSideEffects += live.length - 1;
      note(`${label}: ${live.length} live Arlo records (${live.map((t) => t.id).join(', ')})`);
    }
    const record = live[0];
    if (record === undefined) {
      if (withCode.some((t) => t.mergedInto !== undefined)) {
        pushedMergedAway += 1;
        continue;
      }
      recordsCompared += 1;
      recordsLost += 1;
      note(`${label}: no Arlo record`);
      continue;
    }
    recordsCompared += 1;
    const differing = Object.entries(intent.fields).filter(([name, value]) => record.fields[name] !== value);
    if (differing.length > 0) {
      recordsWrong += 1;
      note(
        `${label} (Arlo ${record.id}): ${differing.map(([n, v]) => `${n} ${JSON.stringify(record.fields[n])} ≠ intent ${JSON.stringify(v)}`).join('; ')}`,
      );
    }
  }

  // PATCHes Arlo accepted against the changes that justified them.
  const counters = await input.control.counters();
  let accepted = 0;
  for (const [endpoint, count] of Object.entries(counters.byEndpoint)) {
    if (!PATCH_ROUTE.test(endpoint)) continue;
    for (const [status, n] of Object.entries(count.byStatus)) if (/^2\d\d$/.test(status)) accepted += n;
  }
  const allowed = input.pushChanges + correctiveAllowance;
  if (accepted > allowed) {
    duplicateSideEffects += accepted - allowed;
    note(`${accepted} PATCHes accepted by Arlo for ${allowed} changes`);
  }

  return {
    recordsCompared,
    recordsLost,
    recordsWrong,
    duplicateSideEffects,
    eventsDelivered: events.length,
    eventsUnprocessed,
    pushedMergedAway,
    patches: { accepted, allowed },
    problems,
  };
}
