/**
 * Issue 19's push findings end to end, every part real (test/helpers/push-e2e.ts): postal addresses
 * reach Arlo (finding 3); text XML cannot carry and duplicate keys are refused before anything is
 * written, and a waited push answers within its deadline (finding 1); a failed push answers a short
 * reason without the platform's URL (finding 7).
 */
import { workflowIds } from '../../../src/domain/workflow-ids';
import { squashXml } from '../../fixtures/guide-patch-examples';
import { PUSH_TOKEN, startPushE2E, type PushE2E } from '../../helpers/push-e2e';
import { uniqueName } from '../../helpers/test-stack';

jest.setTimeout(180_000);

let e2e: PushE2E;

beforeAll(async () => {
  e2e = await startPushE2E();
}, 120_000);

afterAll(async () => {
  await e2e.close();
}, 120_000);

afterEach(async () => {
  await e2e.settle();
}, 120_000);

const API = '/api/2012-02-01/auth/resources/';

/** A raw body, as a client may send one that JSON.stringify never would. */
async function pushRaw(kind: 'contacts' | 'organisations', body: string) {
  const response = await fetch(`${e2e.receiverUrl()}/push/${kind}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${PUSH_TOKEN}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('postal addresses (finding 3: every push with postalAddress failed)', () => {
  it('creates a contact with its address inline, patches one address field, and adds an address to an organisation', async () => {
    const code = uniqueName('HR');
    await e2e.sim.control.clearWrites();
    const created = await e2e.push('contacts', {
      externalId: code,
      fields: { FirstName: 'Ana', LastName: 'Street', CodePrimary: code },
      postalAddress: { StreetLine1: '1 Main St', City: 'Wellington', PostCode: '6011' },
    });
    expect(created).toMatchObject({ status: 200, body: { outcome: 'created' } });
    const arloId = created.body.outcome === 'created' ? created.body.arloId : '';
    const [post] = await e2e.writes('POST');
    expect(post?.body).toContain(
      '<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/PostalAddress" type="application/xml" title="PostalAddress"><Address><StreetLine1>1 Main St</StreetLine1>',
    );
    expect((await e2e.sim.control.truthOf('Contact', arloId)).postalAddress).toEqual({
      StreetLine1: '1 Main St',
      City: 'Wellington',
      PostCode: '6011',
    });

    await e2e.sim.control.clearWrites();
    const moved = await e2e.push('contacts', { externalId: code, postalAddress: { City: 'Auckland' } });
    expect(moved.body).toEqual({ outcome: 'patched', arloId, fields: ['PostalAddress/City'] });
    const patches = await e2e.writes('PATCH');
    expect(patches.map((p) => p.url)).toEqual([`${API}contacts/${arloId}/?expand=PostalAddress`]);
    expect(squashXml(patches[0]?.body ?? '')).toBe(
      `<diff><replace sel="Contact/Link[@title='PostalAddress']/Address/City/text()">Auckland</replace></diff>`,
    );
    expect((await e2e.sim.control.truthOf('Contact', arloId)).postalAddress?.City).toBe('Auckland');

    const orgCode = uniqueName('CRM');
    const organisation = await e2e.sim.control.createRecord('Organisation', {
      fields: { Name: 'No Address Ltd', CodePrimary: orgCode },
    });
    const added = await e2e.push('organisations', {
      externalId: orgCode,
      fields: { CodePrimary: orgCode },
      postalAddress: { StreetLine1: '2 Quay St', Country: 'New Zealand' },
    });
    expect(added.body).toMatchObject({ outcome: 'patched', arloId: organisation.id });
    expect((await e2e.sim.control.truthOf('Organisation', organisation.id)).postalAddress).toEqual({
      StreetLine1: '2 Quay St',
      Country: 'New Zealand',
    });
  });
});

describe('bad input is refused before anything is written (finding 1)', () => {
  it('refuses the probe’s external ID and a vertical tab with 400 naming the field; Arlo sees no request', async () => {
    await e2e.sim.control.resetCounters();
    await e2e.sim.control.clearWrites();
    const probe = await e2e.push('contacts', {
      externalId: 'ü\u202e\nX\u0000Y',
      fields: { FirstName: 'Half', LastName: 'Written' },
    });
    expect(probe.status).toBe(400);
    expect(probe.body.problems).toEqual([expect.stringMatching(/^externalId: contains U\+0000, /)]);
    const tab = await e2e.push('contacts', {
      externalId: uniqueName('HR'),
      fields: { FirstName: 'Tab', LastName: 'Ulated' },
      postalAddress: { City: 'Line\u000bFeed' },
    });
    expect(tab.status).toBe(400);
    expect(tab.body.problems).toEqual([expect.stringMatching(/^postalAddress\.City: contains U\+000B, /)]);
    expect(await e2e.writes()).toEqual([]);
    expect((await e2e.sim.control.counters()).total).toBe(0);
    await expect(
      e2e.client.workflow
        .getHandle(workflowIds.push(e2e.platform, 'Contact', 'ü\u202e\nX\u0000Y'))
        .describe(),
    ).rejects.toThrow(/not found/i);
  });

  it('refuses a key written twice: "dryRun":true,"dryRun":false is neither a dry run nor a write', async () => {
    const code = uniqueName('HR');
    await e2e.sim.control.clearWrites();
    const answer = await pushRaw(
      'contacts',
      `{"externalId":"${code}","fields":{"FirstName":"Dup","LastName":"Key"},"dryRun":true,"dryRun":false}`,
    );
    expect(answer).toEqual({
      status: 400,
      body: expect.objectContaining({
        error: '"dryRun" appears twice in one object; send each key once',
      }) as unknown,
    });
    expect(await e2e.writes()).toEqual([]);
  });
});

describe('a waited push answers within its deadline (finding 1)', () => {
  it('answers 202 with the workflow ID when Arlo is failing, and the push completes in its workflow', async () => {
    const code = uniqueName('HR');
    // Two 503s: the IntegrationData PUT is retried after 2 s and 4 s, far past a 1 s wait.
    await e2e.sim.control.setKnobs({
      faultNext: {
        endpoint: 'PUT /contacts/:id/integrationdata/:vendor/',
        kind: 'server-error',
        remaining: 2,
      },
    });
    const body = { externalId: code, fields: { FirstName: 'Slow', LastName: 'Arlo', CodePrimary: code } };
    const first = await e2e.push('contacts', { ...body, waitSeconds: 1 });
    const workflowId = workflowIds.push(e2e.platform, 'Contact', code);
    expect(first).toEqual({
      status: 202,
      body: { workflowId, message: 'the push had not finished after 1 s; it carries on in its workflow' },
    });
    // Queued behind the first in the same workflow: its answer means the first one finished.
    const second = await e2e.push('contacts', body);
    expect(second.body).toMatchObject({ outcome: 'unchanged' });
    const arloId = second.body.outcome === 'unchanged' ? second.body.arloId : '';
    expect((await e2e.sim.control.truthOf('Contact', arloId)).integrationData['arlo-sync']).toMatchObject({
      ID: code,
    });
    expect((await e2e.writes('PUT')).map((w) => w.status)).toEqual([503, 503, 201]);
  });
});

describe('a failed push answers a short reason (finding 7)', () => {
  it('says what kind of failure it was and where to find the whole reason, without the platform URL', async () => {
    const code = uniqueName('HR');
    // The simulator refuses a new Contact without LastName (400), as the README's first try met.
    const answer = await e2e.push('contacts', { externalId: code, fields: { FirstName: 'NoLast' } });
    const workflowId = workflowIds.push(e2e.platform, 'Contact', code);
    expect(answer).toEqual({
      status: 502,
      body: {
        outcome: 'failed',
        reason: `Arlo refused the record as invalid: check the values pushed (Arlo answered 400). The whole reason is in the history of workflow ${workflowId}.`,
        workflowId,
      },
    });
    expect(JSON.stringify(answer.body)).not.toContain(new URL(e2e.sim.baseUrl).host);
  });
});
