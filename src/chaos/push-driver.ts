/**
 * The external system's side of a chaos run: pushes over the receiver's authenticated HTTP endpoint
 * (`POST /push/contacts|organisations`, waiting for the outcome), retried as a careful client would until
 * the push is confirmed, whatever the receiver, Temporal or Arlo is doing at the time; a push whose
 * workflow concludes `failed` (502) three times is given up and reported with its reason, so a push the
 * system refuses for good ends the run with the cause instead of a timeout. It remembers the
 * intent (every owned value it asked for, latest wins) for the final comparison, and how many pushes
 * changed a value of a record that already existed (the most PATCHes Arlo may see for them).
 *
 * Only fields Arlo users never edit in the simulator's workload are pushed (identity and e-mail), so
 * the intent stays the truth without corrective pushes.
 */
import { setTimeout as delay } from 'node:timers/promises';

import type { PushResourceType } from '../domain/push-messages';
import type { Prng } from '../simulator/prng';

export interface PushIntent {
  readonly resourceType: PushResourceType;
  readonly externalId: string;
  fields: Record<string, string>;
}

export interface PushDriverFigures {
  readonly accepted: number;
  readonly retries: number;
  /** Pushes that changed an owned value of a record created earlier: each may cost one PATCH. */
  readonly changesToExisting: number;
  /** Pushes never confirmed: given up after repeated `failed` outcomes, or stopped by the run. */
  readonly unconfirmed: number;
  /** The pushes given up after repeated `failed` outcomes, with the last reason. */
  readonly refused: readonly { readonly externalId: string; readonly reason: string }[];
}

export interface PushDriver {
  /** One push: a new record (create) or a change to one pushed before. */
  pushOne(): Promise<void>;
  intents(): readonly PushIntent[];
  /** The intents a refused push left unreachable: settling need not wait for them. */
  refusedExternalIds(): ReadonlySet<string>;
  figures(): PushDriverFigures;
}

const ROUTE: Record<PushResourceType, string> = { Contact: 'contacts', Organisation: 'organisations' };
const REQUEST_TIMEOUT_MS = 120_000;
/** The push workflow retries transient failures itself; a `failed` outcome this often is final. */
const FAILED_OUTCOMES_BEFORE_GIVING_UP = 3;

export function createPushDriver(options: {
  readonly receiverUrl: string;
  readonly token: string;
  readonly rng: Prng;
  /** Stops retrying once aborted (the run's deadline or Ctrl-C). */
  readonly signal: AbortSignal;
}): PushDriver {
  const { rng } = options;
  const intents = new Map<string, PushIntent>();
  const created = new Set<string>();
  /** Records with a push in flight: the next push of one waits, so requests arrive in intent order. */
  const busy = new Set<string>();
  let serial = 0;
  let accepted = 0;
  let retries = 0;
  let changesToExisting = 0;
  let unconfirmed = 0;
  const refused: { externalId: string; reason: string }[] = [];

  function nextRequest(): { intent: PushIntent; fields: Record<string, string> } {
    const existing = [...intents.values()].filter((i) => !busy.has(i.externalId));
    if (existing.length > 0 && rng.chance(0.5)) {
      const intent = rng.pick(existing);
      return { intent, fields: changeOf(intent, rng) };
    }
    serial += 1;
    const resourceType: PushResourceType = rng.chance(0.5) ? 'Contact' : 'Organisation';
    const externalId = `CHAOS-${resourceType === 'Contact' ? 'C' : 'O'}-${String(serial).padStart(5, '0')}`;
    const intent: PushIntent = { resourceType, externalId, fields: {} };
    intents.set(externalId, intent);
    const fields: Record<string, string> =
      resourceType === 'Contact'
        ? {
            CodePrimary: externalId,
            FirstName: rng.pick(FIRST_NAMES),
            LastName: rng.pick(LAST_NAMES),
            Email: `${externalId.toLowerCase()}@example.com`,
          }
        : {
            CodePrimary: externalId,
            Name: `Chaos ${rng.pick(LAST_NAMES)} ${serial} Ltd`,
            Email: `info-${serial}@example.org`,
          };
    return { intent, fields };
  }

  async function send(intent: PushIntent, fields: Record<string, string>): Promise<boolean> {
    const body = JSON.stringify({ externalId: intent.externalId, fields, wait: true });
    let failedOutcomes = 0;
    for (let attempt = 1; !options.signal.aborted; attempt++) {
      const answer = await fetch(`${options.receiverUrl}/push/${ROUTE[intent.resourceType]}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body,
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      }).then(readAnswer, (): PushAnswer => ({ confirmed: false }));
      if (answer.confirmed) return true;
      if (answer.failedReason !== undefined && ++failedOutcomes >= FAILED_OUTCOMES_BEFORE_GIVING_UP) {
        refused.push({ externalId: intent.externalId, reason: answer.failedReason });
        return false;
      }
      retries += 1;
      await delay(Math.min(500 * attempt, 5_000), undefined, { signal: options.signal }).catch(
        () => undefined,
      );
    }
    return false;
  }

  return {
    async pushOne() {
      const { intent, fields } = nextRequest();
      busy.add(intent.externalId);
      const changesExisting =
        created.has(intent.externalId) && Object.entries(fields).some(([k, v]) => intent.fields[k] !== v);
      // The intent moves as soon as the request is made: from then on the external system wants it.
      Object.assign(intent.fields, fields);
      if (changesExisting) changesToExisting += 1;
      try {
        if (await send(intent, fields)) {
          accepted += 1;
          created.add(intent.externalId);
        } else {
          unconfirmed += 1;
        }
      } finally {
        busy.delete(intent.externalId);
      }
    },
    intents: () => [...intents.values()],
    refusedExternalIds: () => new Set(refused.map((r) => r.externalId)),
    figures: () => ({ accepted, retries, changesToExisting, unconfirmed, refused: [...refused] }),
  };
}

interface PushAnswer {
  readonly confirmed: boolean;
  /** Set when the push workflow concluded `failed` (502 with its outcome), not for a transient answer. */
  readonly failedReason?: string;
}

async function readAnswer(response: Response): Promise<PushAnswer> {
  if (response.status === 400) throw new Error(`push rejected as invalid: ${await response.text()}`);
  if (response.status !== 502) {
    await response.body?.cancel();
    // 202: the push had not finished within the wait and carries on in its workflow. Not confirmed:
    // it may still write to Arlo, so the request is sent again (it joins the same workflow) until the
    // outcome comes back, and settling never starts with a push still under way.
    return { confirmed: response.status === 200 };
  }
  // A 502 from a proxy or a dying receiver is not the workflow's verdict: only a `failed` outcome is.
  const outcome = (await response.json().catch(() => undefined)) as
    { outcome?: unknown; reason?: unknown } | undefined;
  return outcome?.outcome === 'failed'
    ? { confirmed: false, failedReason: String(outcome.reason) }
    : { confirmed: false };
}

function changeOf(intent: PushIntent, rng: Prng): Record<string, string> {
  const stamp = rng.int(1_000_000);
  if (intent.resourceType === 'Contact') {
    return rng.chance(0.5)
      ? { Email: `${intent.externalId.toLowerCase()}+${stamp}@example.com` }
      : { LastName: rng.pick(LAST_NAMES) };
  }
  return rng.chance(0.5)
    ? { Email: `info-${stamp}@example.org` }
    : { Name: `Chaos ${rng.pick(LAST_NAMES)} ${stamp} Ltd` };
}

const FIRST_NAMES = ['Aroha', 'Ben', 'Chloe', 'Dev', 'Emma', 'Finn', 'Grace', 'Hemi', 'Isla', 'Jack'];
const LAST_NAMES = ['Ngata', 'Smith', 'Patel', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Walker', 'Clarke'];
