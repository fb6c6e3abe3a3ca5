/**
 * The push path end to end, every part real (test/helpers/push-e2e.ts): the external system pushes over
 * HTTP to the receiver's push endpoint, the record's push workflow runs on the worker against the Arlo
 * simulator, and every write the simulator accepts comes back as a webhook through the pull path. The
 * simulator's write log shows exactly what was sent.
 */
import { pushToArlo } from '../../../src/push/push-client';
import { readXml } from '../../../src/simulator/xml/xml-reader';
import { findPushRecord } from '../../../src/store/push-records';
import { GUIDE_BASE_URL, GUIDE_PATCH_EXAMPLES, squashXml } from '../../fixtures/guide-patch-examples';
import { startPushE2E, type PushE2E } from '../../helpers/push-e2e';
import { uniqueName } from '../../helpers/test-stack';

jest.setTimeout(180_000);

let e2e: PushE2E;

beforeAll(async () => {
  e2e = await startPushE2E();
}, 120_000);

afterAll(async () => {
  await e2e.close();
}, 120_000);

// What one test's writes start in the pull path (webhooks, corrective pushes) ends before the next test.
afterEach(async () => {
  await e2e.settle();
}, 120_000);

/** The guide's documents name demo.arlo.co; the simulator's hrefs name its own base URL. */
const onSimulator = (guideXml: string) => squashXml(guideXml.replaceAll(GUIDE_BASE_URL, e2e.sim.baseUrl));

const API = '/api/2012-02-01/auth/resources/';

describe("the guide's three PATCH examples, pushed through the HTTP endpoint", () => {
  beforeAll(async () => {
    // The guide's own records and IDs.
    await e2e.sim.control.createRecord('Organisation', {
      id: '1423',
      fields: { Name: 'Acme Corp', CodePrimary: 'CRM-1423' },
    });
    await e2e.sim.control.createRecord('Organisation', {
      id: '1502',
      fields: { Name: 'Globex', CodePrimary: 'CRM-1502' },
    });
    await e2e.sim.control.createRecord('Contact', {
      id: '562',
      fields: { FirstName: 'Sam', LastName: 'Lee', CodePrimary: 'HR-562' },
      employment: { fields: { Position: 'Developer' }, organisationId: '1423' },
    });
  });

  it('Example 1: a new job title is one replace of the Employment Position', async () => {
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: 'HR-562',
      fields: { CodePrimary: 'HR-562' },
      employment: { position: 'Senior Developer' },
    });
    expect(answer).toEqual({
      status: 200,
      body: { outcome: 'patched', arloId: '562', fields: ['Employment/Position'] },
    });
    const patches = await e2e.writes('PATCH');
    expect(patches.map((p) => p.url)).toEqual([`${API}contacts/562/?expand=Employment`]);
    expect(squashXml(patches[0]?.body ?? '')).toBe(onSimulator(GUIDE_PATCH_EXAMPLES.employmentPosition));
    const truth = await e2e.sim.control.truthOf('Contact', '562');
    expect(truth.employment).toMatchObject({ Position: 'Senior Developer', OrganisationID: '1423' });
    // Found by CodePrimary: our cross-reference is in Arlo now, and in the push record.
    expect(truth.integrationData['arlo-sync']).toMatchObject({ ID: 'HR-562' });
    expect((await findPushRecord(e2e.mongo.db, e2e.platform, 'Contact', 'HR-562'))?.arloId).toBe('562');
  });

  it('Example 2 (through the typed client): Name replaced, LegalName added', async () => {
    await e2e.sim.control.clearWrites();
    const outcome = await pushToArlo(e2e.client, e2e.config, {
      platform: e2e.platform,
      resourceType: 'Organisation',
      externalId: 'CRM-1423',
      desired: {
        fields: {
          Name: 'Acme Corporation Ltd',
          LegalName: 'Acme Corporation Limited',
          CodePrimary: 'CRM-1423',
        },
      },
    });
    expect(outcome).toEqual({ outcome: 'patched', arloId: '1423', fields: ['Name', 'LegalName'] });
    const patches = await e2e.writes('PATCH');
    expect(patches.map((p) => p.url)).toEqual([`${API}organisations/1423/`]);
    expect(squashXml(patches[0]?.body ?? '')).toBe(onSimulator(GUIDE_PATCH_EXAMPLES.organisationName));
    expect((await e2e.sim.control.truthOf('Organisation', '1423')).fields).toMatchObject({
      Name: 'Acme Corporation Ltd',
      LegalName: 'Acme Corporation Limited',
    });
  });

  it('Example 3: a transfer removes the Employment link and adds it back with the new organisation', async () => {
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: 'HR-562',
      employment: { position: 'Senior Developer', organisationId: '1502' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'patched', arloId: '562' });
    const patches = await e2e.writes('PATCH');
    expect(patches.map((p) => p.url)).toEqual([`${API}contacts/562/?expand=Employment`]);
    expect(squashXml(patches[0]?.body ?? '')).toBe(onSimulator(GUIDE_PATCH_EXAMPLES.employmentTransfer));
    expect((await e2e.sim.control.truthOf('Contact', '562')).employment).toMatchObject({
      Position: 'Senior Developer',
      OrganisationID: '1502',
    });
  });
});

describe('compare, then write only what differs', () => {
  it('pushing unchanged data sends no PATCH; the same push twice at once makes one write', async () => {
    const code = uniqueName('CRM');
    await e2e.sim.control.createRecord('Organisation', { fields: { Name: 'Initech', CodePrimary: code } });
    const body = { externalId: code, fields: { Name: 'Initech LLC', CodePrimary: code } };
    await e2e.sim.control.clearWrites();
    const [first, second] = await Promise.all([
      e2e.push('organisations', body),
      e2e.push('organisations', body),
    ]);
    expect([first?.status, second?.status]).toEqual([200, 200]);
    expect((await e2e.writes('PATCH')).length).toBe(1);

    await e2e.sim.control.clearWrites();
    expect(
      (await e2e.push('organisations', { ...body, fields: { Name: ' Initech LLC ', CodePrimary: code } }))
        .body,
    ).toMatchObject({
      outcome: 'unchanged',
    });
    expect(await e2e.writes()).toEqual([]);
  });

  it('an unchanged mapped record costs one Arlo request, a changed one two: GET with IntegrationData, PATCH', async () => {
    const code = uniqueName('CRM');
    const body = { externalId: code, fields: { Name: 'Hooli', CodePrimary: code } };
    expect((await e2e.push('organisations', body)).body).toMatchObject({ outcome: 'created' });
    await e2e.settle();
    /** The push's own requests: the pull path's PlatformEvents queries are not the push's. */
    const pushRequests = async () => {
      const { byEndpoint } = await e2e.sim.control.counters();
      return Object.entries(byEndpoint)
        .filter(([endpoint]) => !endpoint.includes('/platformevents/'))
        .map(([endpoint, count]) => `${endpoint} ${count.total}`)
        .sort();
    };
    await e2e.sim.control.resetCounters();
    expect((await e2e.push('organisations', body)).body).toMatchObject({ outcome: 'unchanged' });
    expect(await pushRequests()).toEqual(['GET /organisations/:id/ 1']);

    await e2e.sim.control.resetCounters();
    const changed = { ...body, fields: { ...body.fields, Name: 'Hooli XYZ' } };
    expect((await e2e.push('organisations', changed)).body).toMatchObject({ outcome: 'patched' });
    expect(await pushRequests()).toEqual(['GET /organisations/:id/ 1', 'PATCH /organisations/:id/ 1']);
  });

  it('values with markup arrive in Arlo verbatim as text, in a well-formed diff document', async () => {
    const code = uniqueName('CRM');
    const created = await e2e.sim.control.createRecord('Organisation', {
      fields: { Name: 'Plain', CodePrimary: code },
    });
    const hostile = `</Name><CodePrimary>stolen</CodePrimary> Smith & "Sons" <'Ltd'> &amp;`;
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('organisations', {
      externalId: code,
      fields: { Name: hostile, CodePrimary: code },
    });
    expect(answer.body).toMatchObject({ outcome: 'patched', fields: ['Name'] });
    const [patch] = await e2e.writes('PATCH');
    const document = readXml(patch?.body ?? '');
    expect(document.name).toBe('diff');
    expect(document.children.filter((c) => 'name' in c)).toHaveLength(1);
    expect((await e2e.sim.control.truthOf('Organisation', created.id)).fields).toMatchObject({
      Name: hostile,
      CodePrimary: code,
    });
  });
});

describe('creating records', () => {
  it('POSTs with the sub-resources inline, then PUTs IntegrationData, then keeps the mapping', async () => {
    const code = uniqueName('HR');
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Sarah', LastName: 'Chen', CodePrimary: code },
      employment: { position: 'Analyst', organisationId: '1502' },
      deepLink: 'https://hr.example/people/1',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'created' });
    const arloId = answer.body.outcome === 'created' ? answer.body.arloId : '';
    const writes = await e2e.writes();
    expect(writes.map((w) => `${w.method} ${w.route} ${w.status}`)).toEqual([
      'POST /contacts/ 201',
      'PUT /contacts/:id/integrationdata/:vendor/ 201',
    ]);
    expect(writes[0]?.body).toContain('<ContactEmployment>');
    const truth = await e2e.sim.control.truthOf('Contact', arloId);
    expect(truth.fields).toMatchObject({ FirstName: 'Sarah', LastName: 'Chen', CodePrimary: code });
    expect(truth.employment).toMatchObject({ Position: 'Analyst', OrganisationID: '1502' });
    expect(truth.integrationData['arlo-sync']).toMatchObject({
      ID: code,
      Uri: 'https://hr.example/people/1',
    });
    expect((await findPushRecord(e2e.mongo.db, e2e.platform, 'Contact', code))?.arloId).toBe(arloId);
  });

  it('a POST whose answer was lost is not sent again: the record is found by CodePrimary', async () => {
    const code = uniqueName('HR');
    await e2e.sim.control.setKnobs({
      faultNext: { endpoint: 'POST /contacts/', kind: 'answer-lost', remaining: 1 },
    });
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Lost', LastName: 'Answer', CodePrimary: code },
    });
    expect(answer.body).toMatchObject({ outcome: 'unchanged' });
    expect((await e2e.writes('POST')).length).toBe(1);
    const withCode = (await e2e.sim.control.truth('Contact')).filter((c) => c.fields.CodePrimary === code);
    expect(withCode).toHaveLength(1);
    expect(withCode[0]?.integrationData['arlo-sync']).toMatchObject({ ID: code });
  });

  it('an IntegrationData PUT that fails is retried, and the retry creates no second record', async () => {
    const code = uniqueName('HR');
    await e2e.sim.control.setKnobs({
      faultNext: {
        endpoint: 'PUT /contacts/:id/integrationdata/:vendor/',
        kind: 'server-error',
        remaining: 1,
      },
    });
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Put', LastName: 'Twice', CodePrimary: code },
    });
    expect(answer.body).toMatchObject({ outcome: 'created' });
    expect((await e2e.writes()).map((w) => `${w.method} ${w.status}`)).toEqual([
      'POST 201',
      'PUT 503',
      'PUT 201',
    ]);
    expect(
      (await e2e.sim.control.truth('Contact')).filter((c) => c.fields.CodePrimary === code),
    ).toHaveLength(1);
  });
});

describe('records Arlo has changed', () => {
  it('follows a 308 to the surviving record of a merge and moves the mapping there', async () => {
    const code = uniqueName('HR');
    const first = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Mia', LastName: 'Old', CodePrimary: code },
    });
    const mergedAway = first.body.outcome === 'created' ? first.body.arloId : '';
    const survivor = await e2e.sim.control.createRecord('Contact', {
      fields: { FirstName: 'Mia', LastName: 'Survivor' },
    });
    // The merged-away record's Deleted event too, so the pull path settles (webhooks.txt lists none).
    await e2e.sim.control.setKnobs({ mergedRedirect: true, webhooks: { deliverDeletedEvents: true } });
    await e2e.sim.control.merge('Contact', mergedAway, survivor.id);
    try {
      await e2e.sim.control.clearWrites();
      const answer = await e2e.push('contacts', { externalId: code, fields: { LastName: 'New' } });
      expect(answer.body).toEqual({ outcome: 'patched', arloId: survivor.id, fields: ['LastName'] });
      expect((await e2e.writes('PATCH')).map((p) => p.url)).toEqual([`${API}contacts/${survivor.id}/`]);
      expect((await e2e.sim.control.truthOf('Contact', survivor.id)).fields.LastName).toBe('New');
      expect((await findPushRecord(e2e.mongo.db, e2e.platform, 'Contact', code))?.arloId).toBe(survivor.id);
      // The survivor lacked an owned value pushed before (CodePrimary): the pull side restores it.
      await e2e.until(
        'the corrective push of CodePrimary',
        async () => (await e2e.sim.control.truthOf('Contact', survivor.id)).fields.CodePrimary === code,
      );
      await e2e.settle();
      expect((await e2e.sim.control.truthOf('Contact', survivor.id)).fields.CodePrimary).toBe(code);
    } finally {
      await e2e.sim.control.setKnobs({ mergedRedirect: false, webhooks: { deliverDeletedEvents: false } });
    }
  });

  it('leaves a record alone whose IntegrationData says SuppressIntegration', async () => {
    const code = uniqueName('HR');
    const record = await e2e.sim.control.createRecord('Contact', {
      fields: { FirstName: 'Sue', LastName: 'Pressed', CodePrimary: code },
      integrationData: { 'arlo-sync': { SuppressIntegration: 'true', ID: code } },
    });
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: code,
      fields: { LastName: 'Changed', CodePrimary: code },
    });
    expect(answer.body).toEqual({
      outcome: 'skipped',
      arloId: record.id,
      reason: 'SuppressIntegration is true in Arlo',
    });
    expect(await e2e.writes()).toEqual([]);
  });

  it('a dry run answers the planned diff and writes nothing', async () => {
    const code = uniqueName('HR');
    const record = await e2e.sim.control.createRecord('Contact', {
      fields: { FirstName: 'Dry', LastName: 'Run', CodePrimary: code },
    });
    await e2e.sim.control.clearWrites();
    const answer = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Wet', CodePrimary: code },
      dryRun: true,
    });
    expect(answer.body).toEqual({
      outcome: 'planned',
      action: 'patch',
      arloId: record.id,
      document: '<diff><replace sel="Contact/FirstName/text()">Wet</replace></diff>',
      fields: ['FirstName'],
    });
    expect(await e2e.writes()).toEqual([]);
    expect((await e2e.sim.control.truthOf('Contact', record.id)).fields.FirstName).toBe('Dry');
  });
});

describe('no loops with the pull path', () => {
  it('our own PATCH comes back as a webhook and is left alone; an Arlo user edit of an owned field is corrected once', async () => {
    const code = uniqueName('HR');
    const created = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Ola', LastName: 'Nord', CodePrimary: code },
    });
    const arloId = created.body.outcome === 'created' ? created.body.arloId : '';
    await e2e.push('contacts', { externalId: code, fields: { FirstName: 'Ola-Marie' } });
    await e2e.settle();
    await e2e.sim.control.clearWrites();

    // Arlo-owned field (Status is not in the ownership table): mirrored, nothing pushed back.
    await e2e.sim.control.updateRecord('Contact', arloId, { fields: { Status: 'Inactive' } });
    await e2e.settle();
    expect(await e2e.writes()).toEqual([]);
    // Owned field: exactly one corrective PATCH restores the value last pushed.
    await e2e.sim.control.updateRecord('Contact', arloId, { fields: { FirstName: 'Olaf' } });
    // Settled: the corrective PATCH's own webhook is processed too, and causes nothing more.
    await e2e.until(
      'the corrective PATCH',
      async () => (await e2e.sim.control.truthOf('Contact', arloId)).fields.FirstName === 'Ola-Marie',
    );
    await e2e.settle();
    expect((await e2e.sim.control.truthOf('Contact', arloId)).fields.FirstName).toBe('Ola-Marie');
    const patches = await e2e.writes('PATCH');
    expect(patches).toHaveLength(1);
    expect(squashXml(patches[0]?.body ?? '')).toBe(
      '<diff><replace sel="Contact/FirstName/text()">Ola-Marie</replace></diff>',
    );
    expect((await e2e.sim.control.truthOf('Contact', arloId)).fields.Status).toBe('Inactive');
  });
});
