/**
 * After the faults: let the system settle by its own means. Webhook retries run out, the missed-event
 * catch-up walks PlatformEvents and starts what was never processed, pushes finish; then wait until every
 * handled event is in the ledger and every push intent shows in Arlo, or the settle time runs out (the
 * comparison then reports what is missing).
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';

import type { Config } from '../config';
import { isHandledEventType } from '../domain/arlo-event';
import {
  CATCH_UP_MISSED_EVENTS_WORKFLOW_TYPE,
  type CatchUpMissedEventsInput,
  type CatchUpMissedEventsResult,
} from '../domain/catch-up';
import type { SimulatorControlClient } from '../simulator/control-client';
import { collections } from '../store/collections';
import type { PushIntent } from './push-driver';

/** One catch-up run, retried while Temporal or the worker are still coming back. */
export async function runCatchUp(
  client: Client,
  config: Config,
  platform: string,
  deadline: number,
): Promise<CatchUpMissedEventsResult> {
  const input: CatchUpMissedEventsInput = {
    platform,
    arloTaskQueue: config.temporal.arloTaskQueue,
    pageSize: config.arlo.pageSize,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.workflow.execute<
        (i: CatchUpMissedEventsInput) => Promise<CatchUpMissedEventsResult>
      >(CATCH_UP_MISSED_EVENTS_WORKFLOW_TYPE, {
        workflowId: `chaos-catch-up:${platform}:${Date.now()}`,
        taskQueue: config.temporal.taskQueue,
        args: [input],
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(Math.min(1000 * attempt, 5000));
    }
  }
}

/**
 * Resolves once every handled event is ledgered and every intent holds in Arlo, seen so in two looks a
 * second apart with no new Arlo event between them, or the deadline passes.
 */
export async function waitUntilSettled(options: {
  readonly db: Db;
  readonly platform: string;
  readonly control: SimulatorControlClient;
  readonly intents: readonly PushIntent[];
  readonly deadline: number;
}): Promise<boolean> {
  const { processedEvents } = collections(options.db);
  let settledAtEvents: number | undefined;
  for (;;) {
    // Intents first: a push that holds now has made its events, so the read below includes them.
    const intentsHeld = await intentsHold(options.control, options.intents);
    // By ID, as the comparison reads them: a count can match while one event is missing.
    const events = await options.control.events();
    const ledger = await processedEvents
      .find({ platform: options.platform }, { projection: { eventId: 1 } })
      .toArray();
    const ledgered = new Set(ledger.map((row) => row.eventId));
    const allLedgered = events.every((e) => !isHandledEventType(e.type) || ledgered.has(e.id));
    if (intentsHeld && allLedgered) {
      // A write still under way (a push retrying after a fault) makes a new event after one look.
      if (settledAtEvents === events.length) return true;
      settledAtEvents = events.length;
    } else {
      settledAtEvents = undefined;
    }
    if (Date.now() > options.deadline) return false;
    await delay(1000);
  }
}

async function intentsHold(
  control: SimulatorControlClient,
  intents: readonly PushIntent[],
): Promise<boolean> {
  if (intents.length === 0) return true;
  const contacts = await control.truth('Contact');
  const organisations = await control.truth('Organisation');
  return intents.every((intent) => {
    const truths = intent.resourceType === 'Contact' ? contacts : organisations;
    const record = truths.find(
      (t) => t.fields.CodePrimary === intent.externalId && !t.deleted && t.mergedInto === undefined,
    );
    // A record merged away by an Arlo user has nothing left to wait for.
    if (record === undefined) return truths.some((t) => t.fields.CodePrimary === intent.externalId);
    return Object.entries(intent.fields).every(([name, value]) => record.fields[name] === value);
  });
}
