/**
 * The change feed end to end, every part real (test/helpers/pull-e2e.ts: the simulator over HTTP, the
 * receiver, the worker, the harness's Temporal and FerretDB), read through the typed client over HTTP:
 * a consumer with a small page size, crashing at random points and resuming from the last cursor it
 * stored, while Arlo users edit records (callbacks duplicated, reordered and dropped) and bulk walks run,
 * ends with exactly the simulator's truth, each position arriving once except the page a crash left
 * unstored. And the echo of our own push is marked as such.
 */
import { BULK_RESOURCE_TYPES } from '../../../src/domain/resource-types';
import { FeedRequestError, readChanges } from '../../../src/feed';
import { startBulkWalk } from '../../../src/temporal/bulk-walks';
import { ConsumerStore, seededRandom } from '../../helpers/feed-consumer';
import { startPushE2E, type PushE2E } from '../../helpers/push-e2e';

jest.setTimeout(480_000);

const CONSUMER_TOKEN = 'consumer-token-for-tests-0123456789';

async function feedHead(): Promise<string> {
  let cursor = '0';
  for (;;) {
    const page = await readChanges({
      baseUrl: e2e.receiverUrl(),
      token: CONSUMER_TOKEN,
      after: cursor,
      limit: 1000,
    });
    if (page.next === cursor) return cursor;
    cursor = page.next;
  }
}

async function changesOf(resourceId: string, after: string) {
  const page = await readChanges({
    baseUrl: e2e.receiverUrl(),
    token: CONSUMER_TOKEN,
    after,
    limit: 1000,
    types: ['Contact'],
  });
  return page.changes.filter((change) => change.resourceId === resourceId);
}

/** Thrown by the consumer "process" at a random point: everything not stored is forgotten. */
class Crash extends Error {}

let e2e: PushE2E;
beforeAll(async () => {
  e2e = await startPushE2E({ CONSUMER_TOKENS: CONSUMER_TOKEN });
});
afterAll(async () => e2e?.close());

describe('the change feed, read by a consumer that crashes', () => {
  it('ends with exactly the truth under duplicated, reordered and dropped callbacks plus a bulk walk', async () => {
    const { control } = e2e.sim;
    await control.setKnobs({
      webhooks: { deliverDeletedEvents: true, duplicateRate: 0.3, reorderRate: 0.5, dropRate: 0.2 },
    });
    await control.seed({ counts: { Organisation: 15, Contact: 40, Event: 4, Registration: 20, Order: 10 } });

    const random = seededRandom(18);
    const store = new ConsumerStore();
    let settled = false;
    let crashes = 0;
    let pages = 0;
    const consume = async () => {
      for (;;) {
        try {
          const page = await readChanges({
            baseUrl: e2e.receiverUrl(),
            token: CONSUMER_TOKEN,
            after: store.cursor,
            limit: 5,
          });
          // The first pages with changes meet each kind of crash for sure; later ones at random.
          if (page.changes.length > 0) pages += 1;
          for (const [index, change] of page.changes.entries()) {
            if ((pages === 1 && index === 1) || random() < 0.04) throw new Crash('killed applying a page');
            store.apply(change);
          }
          if (pages === 2 || random() < 0.08) throw new Crash('killed before storing the cursor');
          store.commit(page.next);
          if (page.changes.length === 0) {
            if (settled) return;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        } catch (error) {
          if (!(error instanceof Crash)) throw error;
          crashes += 1;
          store.crash(); // Restarted: resumes from the cursor it stored.
        }
      }
    };
    const consumer = consume();

    await control.userEdits(60);
    const walks = await Promise.all(
      BULK_RESOURCE_TYPES.map((resourceType) =>
        startBulkWalk(e2e.client, e2e.config, { platform: e2e.platform, resourceType }),
      ),
    );
    await control.userEdits(30); // While the walks run.
    await Promise.all(walks.map(({ handle }) => handle.result()));
    await control.waitForWebhooksIdle(90_000);
    await e2e.runCatchUp(); // The deletions whose callbacks were dropped (a walk cannot see them).
    await e2e.waitUntilProcessed({ delivered: false });
    settled = true;
    await consumer;

    expect(store.violations).toEqual([]);
    const { compared, differences } = await store.compareWithTruth(control);
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(89);
    expect(crashes).toBeGreaterThan(0);
    expect(store.redelivered.length).toBeGreaterThan(0); // The crashes really made pages come again.
    expect(store.origins.get('bulk')).toBeGreaterThan(0);
    expect(store.origins.get('arlo-edit')).toBeGreaterThan(0);
    process.stderr.write(
      `[change feed e2e] ${store.positions.size} changes, ${crashes} crashes, ${store.redelivered.length} redelivered, ${compared} records compared\n`,
    );
  });

  it("marks the echo of our own push as such, and an Arlo user's edit as an edit", async () => {
    const { control } = e2e.sim;
    await control.setKnobs({ webhooks: { duplicateRate: 0, reorderRate: 0, dropRate: 0 } });
    const created = await e2e.push('contacts', {
      externalId: 'HR-FEED-1',
      fields: {
        FirstName: 'Echo',
        LastName: 'Test',
        Email: 'echo.test@example.com',
        CodePrimary: 'HR-FEED-1',
      },
    });
    expect(created.body.outcome).toBe('created');
    const arloId = (created.body as { arloId?: string }).arloId ?? '';
    await e2e.settle();
    const cursor = await feedHead();

    const patched = await e2e.push('contacts', { externalId: 'HR-FEED-1', fields: { FirstName: 'Echoed' } });
    expect(patched.body.outcome).toBe('patched');
    await e2e.settle();
    const echo = await changesOf(arloId, cursor);
    expect(echo.map((c) => [c.origin, c.record.fields.FirstName])).toEqual([['push-echo', 'Echoed']]);

    await control.updateRecord('Contact', arloId, { fields: { Status: 'Inactive' } }); // Not an owned field.
    await e2e.settle();
    const edit = (await changesOf(arloId, echo.at(-1)?.cursor ?? cursor)).map((c) => [
      c.origin,
      c.record.fields.Status,
    ]);
    expect(edit).toEqual([['arlo-edit', 'Inactive']]);
  });

  it('refuses push tokens and malformed cursors with what to do', async () => {
    const asPush = readChanges({ baseUrl: e2e.receiverUrl(), token: 'push-token-for-tests-0123456789' });
    await expect(asPush).rejects.toMatchObject({ status: 401 });
    const malformed = readChanges({ baseUrl: e2e.receiverUrl(), token: CONSUMER_TOKEN, after: 'yesterday' });
    await expect(malformed).rejects.toBeInstanceOf(FeedRequestError);
    await expect(malformed).rejects.toThrow(/after: must be a cursor from an earlier answer/);
  });
});
