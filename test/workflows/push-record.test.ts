/**
 * The push workflow on the real Temporal dev server and FerretDB, with an in-memory Arlo that counts
 * requests (test/helpers/fake-push-arlo.ts). Arlo activities run on their own task queue, as in production.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import { WithStartWorkflowOperation, type Client, type Workflow } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';

import { createPushActivities, createPushArloActivities } from '../../activities/push';
import type { Config } from '../../src/config';
import { FAILURE_TYPES } from '../../src/domain/failure-types';
import {
  PUSH_UPDATE_NAME,
  PUSH_WORKFLOW_TYPE,
  type PushOutcome,
  type PushRequest,
} from '../../src/domain/push-messages';
import { workflowIds } from '../../src/domain/workflow-ids';
import { classifyArloChange } from '../../src/push/classify-arlo-change';
import {
  pushToArlo,
  startCorrectivePush,
  UnwritablePushError,
  type PushCall,
} from '../../src/push/push-client';
import type { MongoConnection } from '../../src/store/mongo';
import { findPushRecord } from '../../src/store/push-records';
import { FAKE_BASE_URL, FakePushArlo } from '../helpers/fake-push-arlo';
import { testClient, testConfig, testMongo, testWorker, uniqueName } from '../helpers/test-stack';

const PLATFORM = 'fake.arlo.test';
let config: Config;
let client: Client;
let mongo: MongoConnection;
let arlo: FakePushArlo;
let workers: Worker[] = [];
let running: Promise<unknown>;

beforeAll(async () => {
  const base = testConfig();
  config = {
    ...base,
    temporal: { ...base.temporal, taskQueue: uniqueName('push'), arloTaskQueue: uniqueName('push-arlo') },
  };
  client = await testClient(config);
  mongo = await testMongo(config);
  arlo = new FakePushArlo();
  const deps = { db: mongo.db, pushPlatform: () => ({ client: arlo.client, vendorId: 'arlo-sync' }) };
  workers = [
    await testWorker(
      {
        taskQueue: config.temporal.taskQueue,
        workflowsPath: require.resolve('../../workflows'),
        activities: createPushActivities(deps),
      },
      config,
    ),
    await testWorker(
      { taskQueue: config.temporal.arloTaskQueue, activities: createPushArloActivities(deps) },
      config,
    ),
  ];
  running = Promise.all(workers.map((worker) => worker.run()));
}, 60_000);

afterAll(async () => {
  for (const worker of workers) worker.shutdown();
  await running;
  await client.connection.close();
  await mongo.close();
}, 60_000);

const push = (call: Omit<PushCall, 'platform'>) =>
  pushToArlo(client, config, { platform: PLATFORM, ...call });

describe('pushRecord', () => {
  it('creates a new record with POST + IntegrationData, then finds nothing to change', async () => {
    const externalId = uniqueName('HR');
    const before = { ...arlo.calls };
    const created = await push({
      resourceType: 'Contact',
      externalId,
      desired: { fields: { FirstName: 'Sarah', LastName: 'Chen' } },
      deepLink: 'https://hr.example/people/1',
    });
    expect(created).toMatchObject({ outcome: 'created', fields: ['FirstName', 'LastName'] });
    const arloId = (created as { arloId: string }).arloId;
    expect(arlo.calls.POST - before.POST).toBe(1);
    expect(arlo.get('Contact', arloId).integrationData).toEqual({
      suppressIntegration: false,
      externalId,
      uri: 'https://hr.example/people/1',
    });
    expect((await findPushRecord(mongo.db, PLATFORM, 'Contact', externalId))?.arloId).toBe(arloId);

    const again = await push({
      resourceType: 'Contact',
      externalId,
      desired: { fields: { FirstName: 'Sarah ', LastName: 'Chen' } },
    });
    expect(again).toEqual({ outcome: 'unchanged', arloId });
    expect(arlo.calls.POST - before.POST).toBe(1);
    expect(arlo.calls.PATCH - before.PATCH).toBe(0);
  });

  it('POSTs again after a pause when a POST failed with a 5xx and the lookup by CodePrimary finds nothing', async () => {
    const code = uniqueName('HR-CODE');
    const before = { ...arlo.calls };
    arlo.refuseNextPosts = 1;

    const created = await push({
      resourceType: 'Contact',
      externalId: uniqueName('HR'),
      desired: { fields: { FirstName: 'Outage', LastName: 'Survivor', CodePrimary: code } },
    });

    expect(created).toMatchObject({ outcome: 'created' });
    expect(arlo.calls.POST - before.POST).toBe(2);
    // Looked up before the first POST (no mapping yet), after it failed, and after the pause.
    expect(arlo.calls.LIST - before.LIST).toBe(3);
    const withCode = [...arlo.records.values()].filter((record) => record.fields.CodePrimary === code);
    expect(withCode).toHaveLength(1);
  });

  it('fails a push whose POST failed when nothing can tell whether it landed (no CodePrimary), and POSTs once', async () => {
    const before = { ...arlo.calls };
    arlo.refuseNextPosts = 1;

    const outcome = await push({
      resourceType: 'Contact',
      externalId: uniqueName('HR'),
      desired: { fields: { FirstName: 'No', LastName: 'Code' } },
    });

    expect(outcome).toMatchObject({ outcome: 'failed', failureType: 'ArloServerError' });
    expect(arlo.calls.POST - before.POST).toBe(1);
    expect(arlo.refuseNextPosts).toBe(0);
  });

  it('creates the record again when the mapped one was deleted in Arlo, and maps the new one', async () => {
    const externalId = uniqueName('HR');
    const desired = { fields: { FirstName: 'Omar', LastName: 'Haddad' } };
    const first = await push({ resourceType: 'Contact', externalId, desired });
    const goneId = (first as { arloId: string }).arloId;
    arlo.remove('Contact', goneId);
    const postsBefore = arlo.calls.POST;

    // This push changes one field; the record is made again from everything pushed so far.
    const again = await push({
      resourceType: 'Contact',
      externalId,
      desired: { fields: { LastName: 'Haddad-Ali' } },
    });

    expect(again).toMatchObject({ outcome: 'created', fields: ['FirstName', 'LastName'] });
    const newId = (again as { arloId: string }).arloId;
    expect(newId).not.toBe(goneId);
    expect(arlo.calls.POST - postsBefore).toBe(1);
    expect(arlo.get('Contact', newId).fields).toMatchObject({ FirstName: 'Omar', LastName: 'Haddad-Ali' });
    expect((await findPushRecord(mongo.db, PLATFORM, 'Contact', externalId))?.arloId).toBe(newId);
  });

  it('patches only what differs, and two identical concurrent pushes make one write', async () => {
    const externalId = uniqueName('HR');
    const arloId = arlo.seed('Organisation', { Name: 'Acme Corp', CodePrimary: externalId });
    const patchesBefore = arlo.calls.PATCH;
    const request = {
      resourceType: 'Organisation' as const,
      externalId,
      desired: {
        fields: {
          Name: 'Acme Corporation Ltd',
          LegalName: 'Acme Corporation Limited',
          CodePrimary: externalId,
        },
      },
    };
    const outcomes = await Promise.all([push(request), push(request)]);
    expect(arlo.calls.PATCH - patchesBefore).toBe(1);
    // Coalesced in the workflow (both 'patched') or applied one after the other (second 'unchanged').
    for (const outcome of outcomes) expect(['patched', 'unchanged']).toContain(outcome.outcome);
    expect(outcomes.some((o) => o.outcome === 'patched')).toBe(true);
    expect(arlo.get('Organisation', arloId).fields).toMatchObject({
      Name: 'Acme Corporation Ltd',
      LegalName: 'Acme Corporation Limited',
    });
    expect(arlo.patches.at(-1)).toBe(
      '<diff><replace sel="Organisation/Name/text()">Acme Corporation Ltd</replace>' +
        '<add sel="Organisation"><LegalName>Acme Corporation Limited</LegalName></add></diff>',
    );
    // Found by CodePrimary, so our cross-reference was written into Arlo too.
    expect(arlo.get('Organisation', arloId).integrationData?.externalId).toBe(externalId);
  });

  it('costs one Arlo request for an unchanged mapped record and two for a changed one', async () => {
    const externalId = uniqueName('HR');
    const contact = { resourceType: 'Contact' as const, externalId };
    await push({ ...contact, desired: { fields: { FirstName: 'Ida', LastName: 'Lund' } } });
    const requestsBefore = arlo.requests();
    const getsBefore = arlo.calls.GET;
    const unchanged = await push({ ...contact, desired: { fields: { FirstName: 'Ida' } } });
    expect(unchanged.outcome).toBe('unchanged');
    expect(arlo.requests() - requestsBefore).toBe(1);
    expect(arlo.calls.GET - getsBefore).toBe(1);

    const changed = await push({ ...contact, desired: { fields: { FirstName: 'Idun' } } });
    expect(changed).toMatchObject({ outcome: 'patched', fields: ['FirstName'] });
    expect(arlo.requests() - requestsBefore).toBe(3);
    expect(arlo.calls.GET - getsBefore).toBe(2);
  });

  it('reads IntegrationData with a GET of its own from an Arlo that ignores the expand, and still honours SuppressIntegration', async () => {
    const externalId = uniqueName('HR');
    const contact = { resourceType: 'Contact' as const, externalId };
    const created = await push({ ...contact, desired: { fields: { FirstName: 'Per' } } });
    const arloId = (created as { arloId: string }).arloId;
    arlo.expandsIntegrationData = false;
    try {
      const getsBefore = arlo.calls.GET;
      expect((await push({ ...contact, desired: { fields: { FirstName: 'Per' } } })).outcome).toBe(
        'unchanged',
      );
      expect(arlo.calls.GET - getsBefore).toBe(2);
      arlo.get('Contact', arloId).integrationData = { externalId, suppressIntegration: true };
      const patchesBefore = arlo.calls.PATCH;
      expect(await push({ ...contact, desired: { fields: { FirstName: 'Pelle' } } })).toEqual({
        outcome: 'skipped',
        arloId,
        reason: 'SuppressIntegration is true in Arlo',
      });
      expect(arlo.calls.PATCH).toBe(patchesBefore);
    } finally {
      arlo.expandsIntegrationData = true;
    }
  });

  it('recognises its own write, and tells an Arlo user edit of an owned field from other edits', async () => {
    const externalId = uniqueName('HR');
    const arloId = arlo.seed('Contact', { FirstName: 'Ana', Notes: 'x', CodePrimary: externalId });
    await push({
      resourceType: 'Contact',
      externalId,
      desired: { fields: { FirstName: 'Anna', CodePrimary: externalId } },
    });
    expect(await classifyArloChange(mongo.db, PLATFORM, arlo.entity('Contact', arloId))).toEqual({
      kind: 'own-write',
      externalId,
    });
    arlo.edit('Contact', arloId, { Notes: 'an Arlo-owned note' });
    expect((await classifyArloChange(mongo.db, PLATFORM, arlo.entity('Contact', arloId))).kind).toBe(
      'external-change',
    );
    arlo.edit('Contact', arloId, { FirstName: 'Annie' });
    expect(await classifyArloChange(mongo.db, PLATFORM, arlo.entity('Contact', arloId))).toEqual({
      kind: 'conflict-on-owned-fields',
      externalId,
      conflictingFields: ['FirstName'],
    });
  });

  it('restores the values last pushed with one corrective PATCH, the newest ones when it runs', async () => {
    const externalId = uniqueName('HR');
    const target = { platform: PLATFORM, resourceType: 'Contact' as const, externalId };
    const arloId = arlo.seed('Contact', { FirstName: 'Ana', CodePrimary: externalId });
    await push({ ...target, desired: { fields: { FirstName: 'Anna', CodePrimary: externalId } } });
    arlo.edit('Contact', arloId, { FirstName: 'Annie' });
    const patchesBefore = arlo.calls.PATCH;
    await startCorrectivePush(client, config, target);
    // Queued behind the corrective push in the same workflow: its outcome means the correction ran.
    expect(await push({ ...target, desired: { fields: {} } })).toMatchObject({ arloId });
    expect(arlo.get('Contact', arloId).fields.FirstName).toBe('Anna');
    expect(arlo.calls.PATCH - patchesBefore).toBe(1);

    arlo.edit('Contact', arloId, { FirstName: 'Annie' });
    await push({ ...target, desired: { fields: { FirstName: 'Hanna' } } });
    await startCorrectivePush(client, config, target);
    expect(await push({ ...target, desired: { fields: {} } })).toEqual({ outcome: 'unchanged', arloId });
    expect(arlo.get('Contact', arloId).fields.FirstName).toBe('Hanna');
    expect(arlo.calls.PATCH - patchesBefore).toBe(2);
  });

  it('skips a suppressed record and writes nothing on a dry run', async () => {
    const externalId = uniqueName('HR');
    const arloId = arlo.seed('Contact', { FirstName: 'Bo', CodePrimary: externalId });
    const patchesBefore = arlo.calls.PATCH;
    const planned = await push({
      resourceType: 'Contact',
      externalId,
      desired: { fields: { FirstName: 'Bob', CodePrimary: externalId } },
      dryRun: true,
    });
    expect(planned).toEqual({
      outcome: 'planned',
      action: 'patch',
      arloId,
      document: '<diff><replace sel="Contact/FirstName/text()">Bob</replace></diff>',
      fields: ['FirstName'],
    });
    arlo.get('Contact', arloId).integrationData = { suppressIntegration: true };
    const skipped = await push({
      resourceType: 'Contact',
      externalId,
      desired: { fields: { FirstName: 'Bob' } },
    });
    expect(skipped).toEqual({ outcome: 'skipped', arloId, reason: 'SuppressIntegration is true in Arlo' });
    expect(arlo.calls.PATCH).toBe(patchesBefore);
    expect(arlo.get('Contact', arloId).fields.FirstName).toBe('Bo');
  });

  it('delivers markup, ampersands, quotes and a closing-tag injection verbatim as text', async () => {
    const externalId = uniqueName('HR');
    const arloId = arlo.seed('Organisation', { Name: 'Plain', CodePrimary: externalId });
    const hostile = `</Name><CodePrimary>stolen</CodePrimary> Smith & "Sons" <'Ltd'>`;
    const outcome = await push({
      resourceType: 'Organisation',
      externalId,
      desired: { fields: { Name: hostile, CodePrimary: externalId } },
    });
    expect(outcome).toMatchObject({ outcome: 'patched', fields: ['Name'] });
    expect(arlo.get('Organisation', arloId).fields).toMatchObject({ Name: hostile, CodePrimary: externalId });
  });

  // Issue 14: a dry run of a new record answered field names only.
  it('answers a dry run of a record that does not exist with the POST body it would send, and sends nothing', async () => {
    const externalId = uniqueName('HR');
    const before = arlo.requests();
    const planned = await push({
      resourceType: 'Contact',
      externalId,
      desired: {
        fields: { FirstName: 'Sarah', LastName: 'Chen & Co' },
        employment: { position: 'Analyst', organisationId: '1502' },
      },
      dryRun: true,
    });
    expect(planned).toEqual({
      outcome: 'planned',
      action: 'create',
      fields: ['FirstName', 'LastName'],
      document:
        '<Contact><FirstName>Sarah</FirstName><LastName>Chen &amp; Co</LastName>' +
        '<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/Employment" type="application/xml" title="Employment">' +
        '<ContactEmployment><Position>Analyst</Position>' +
        `<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/Organisation" type="application/xml" title="Organisation" href="${FAKE_BASE_URL}organisations/1502/"/>` +
        '</ContactEmployment></Link></Contact>',
    });
    // No mapping and no CodePrimary to look it up by: not one Arlo request.
    expect(arlo.requests()).toBe(before);
  });

  // Issue 19: an IntegrationData PUT that could never be written was retried ten times over eleven minutes.
  it('fails a push at once, typed, when a write no retry can cure fails; the worker does not retry it', async () => {
    const externalId = uniqueName('HR\u0000');
    const putsBefore = arlo.calls.PUT;
    // Past the typed client's own check, as a caller without it would start it.
    const outcome = await client.workflow.executeUpdateWithStart<Workflow, PushOutcome, [PushRequest]>(
      PUSH_UPDATE_NAME,
      {
        args: [{ desired: { fields: { FirstName: 'Nul', LastName: 'Byte' } } }],
        startWorkflowOperation: new WithStartWorkflowOperation(PUSH_WORKFLOW_TYPE, {
          workflowId: workflowIds.push(PLATFORM, 'Contact', externalId),
          taskQueue: config.temporal.taskQueue,
          args: [
            {
              platform: PLATFORM,
              resourceType: 'Contact',
              externalId,
              arloTaskQueue: config.temporal.arloTaskQueue,
            },
          ],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      },
    );
    expect(outcome).toMatchObject({ outcome: 'failed', failureType: FAILURE_TYPES.unwritableXml });
    expect((outcome as { reason: string }).reason).toMatch(/U\+0000/);
    expect(arlo.calls.PUT - putsBefore).toBe(1);
  });

  it('refuses, in the typed client, a push holding text XML cannot carry, before any workflow starts', async () => {
    const externalId = uniqueName('HR');
    await expect(
      push({ resourceType: 'Contact', externalId, desired: { fields: { FirstName: 'A\u000bB' } } }),
    ).rejects.toThrow(UnwritablePushError);
    await expect(
      push({ resourceType: 'Contact', externalId, desired: { fields: { FirstName: 'A\u000bB' } } }),
    ).rejects.toThrow('(push).desired.fields.FirstName: contains U+000B');
    await expect(
      client.workflow.getHandle(workflowIds.push(PLATFORM, 'Contact', externalId)).describe(),
    ).rejects.toThrow(WorkflowNotFoundError);
  });
});
