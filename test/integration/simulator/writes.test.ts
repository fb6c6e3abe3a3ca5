/**
 * Contract: PATCH (the guides' three examples and the documented 400s), POST with inline sub-resources,
 * PUT of IntegrationData, over real HTTP. Every accepted write bumps LastModifiedDateTime and records a
 * PlatformEvent.
 */
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { ArloHttp, attr, textAt } from '../../helpers/arlo-http';
import { childElements } from '../../../src/simulator/xml/xml-node';

// The integration project's `testTimeout` does not apply (jest reads it only at the top level), and the
// machine is shared: allow slow runs. A safety net against hangs, not a speed assertion.
jest.setTimeout(60_000);

let simulator: RunningSimulator;
let arlo: ArloHttp;

beforeAll(async () => {
  simulator = await startSimulator();
  arlo = new ArloHttp(simulator);
  const control = simulator.control;
  await control.createRecord('Organisation', { id: '823', fields: { Name: 'Old Employer Ltd' } });
  await control.createRecord('Organisation', { id: '1502', fields: { Name: 'New Employer Ltd' } });
  await control.createRecord('Organisation', {
    id: '1423',
    fields: { Name: 'Acme Corporation', Email: 'admin@acme.example.org' },
  });
  await control.createRecord('Contact', {
    id: '562',
    fields: { FirstName: 'Barry', LastName: 'Jones', Email: 'barry@example.org' },
    employment: { fields: { Position: 'Developer' }, organisationId: '823' },
  });
});

afterAll(async () => {
  await simulator.close();
});

describe('PATCH: the guides’ examples', () => {
  it('Example 1 — pushes a new Position to the contact’s Employment', async () => {
    const before = await simulator.control.truthOf('Contact', '562');
    const answer = await arlo.patch(
      'contacts/562/?expand=Employment',
      `<diff>
  <replace sel="Contact/Link[@title='Employment']/ContactEmployment/Position/text()">Senior Developer</replace>
</diff>`,
    );
    expect(answer.status).toBe(200);
    const employment = childElements(answer.xml!).find((l) => attr(l, 'title') === 'Employment');
    expect(textAt(employment, 'ContactEmployment/Position')).toBe('Senior Developer');
    const after = await simulator.control.truthOf('Contact', '562');
    expect(after.employment).toEqual({ Position: 'Senior Developer', OrganisationID: '823' });
    expect(after.lastModifiedDateTime > before.lastModifiedDateTime).toBe(true);
    expect(textAt(answer.xml, 'LastModifiedDateTime')).toBe(after.lastModifiedDateTime);
    const last = (await simulator.control.events()).at(-1);
    expect(last).toMatchObject({
      type: 'Contact.Updated',
      resourceId: '562',
      dateTime: after.lastModifiedDateTime,
    });
  });

  it('Example 2 — renames the organisation and adds its LegalName', async () => {
    const answer = await arlo.patch(
      'organisations/1423/',
      `<diff>
<replace sel="Organisation/Name/text()">Acme Corporation Ltd</replace>
<add sel="Organisation">
<LegalName>Acme Corporation Limited</LegalName>
</add>
</diff>`,
    );
    expect(answer.status).toBe(200);
    const truth = await simulator.control.truthOf('Organisation', '1423');
    expect(truth.fields).toMatchObject({
      Name: 'Acme Corporation Ltd',
      LegalName: 'Acme Corporation Limited',
      Email: 'admin@acme.example.org',
    });
    expect(textAt(answer.xml, 'LegalName')).toBe('Acme Corporation Limited');
  });

  it('Example 3 — transfers the contact by removing and re-adding the Employment Link', async () => {
    const answer = await arlo.patch(
      'contacts/562/?expand=Employment',
      `<diff>
<remove sel="Contact/Link[@title='Employment']" />
<add sel="Contact">
<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/Employment" type="application/xml" title="Employment">
<ContactEmployment>
<Position>Senior Developer</Position>
<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/Organisation" type="application/xml" title="Organisation" href="https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/1502/"/>
</ContactEmployment>
</Link>
</add>
</diff>`,
    );
    expect(answer.status).toBe(200);
    expect((await simulator.control.truthOf('Contact', '562')).employment).toEqual({
      Position: 'Senior Developer',
      OrganisationID: '1502',
    });
    const get = await arlo.get('contacts/562/employment/');
    const organisation = childElements(get.xml!).find((l) => attr(l, 'title') === 'Organisation');
    expect(attr(organisation!, 'href')).toBe(`${simulator.baseUrl}organisations/1502/`);
  });
});

describe('PATCH: documented refusals', () => {
  it.each([
    [
      'a selector that matches nothing',
      'contacts/562/',
      '<diff><remove sel="Contact/PhoneHome"/></diff>',
      /matches nothing/,
    ],
    [
      'a replace of a missing node',
      'contacts/562/',
      '<diff><replace sel="Contact/PhoneHome/text()">1</replace></diff>',
      /matches nothing/,
    ],
    [
      'an add of an existing node',
      'contacts/562/',
      '<diff><add sel="Contact"><Email>x@y.z</Email></add></diff>',
      /already has Email/,
    ],
    [
      'a sub-resource selector without ?expand',
      'contacts/562/',
      `<diff><replace sel="Contact/Link[@title='Employment']/ContactEmployment/Position/text()">X</replace></diff>`,
      /matches nothing/,
    ],
    ['a malformed diff body', 'contacts/562/', '<diff><replace sel="x">', /not acceptable XML/],
    [
      'an unknown field',
      'contacts/562/',
      '<diff><add sel="Contact"><Shoe>9</Shoe></add></diff>',
      /no field <Shoe>/,
    ],
    ['a DOCTYPE', 'contacts/562/', '<!DOCTYPE diff [<!ENTITY a "b">]><diff/>', /document type declarations/],
  ])('answers 400 with a reason to %s, and changes nothing', async (_what, path, diff, reason) => {
    const before = await simulator.control.truthOf('Contact', '562');
    const answer = await arlo.patch(path, diff);
    expect(answer.status).toBe(400);
    expect(textAt(answer.xml, 'Code')).toBeTruthy();
    expect(textAt(answer.xml, 'Message')).toMatch(reason);
    expect(await simulator.control.truthOf('Contact', '562')).toEqual(before);
  });

  it('answers 415 to a body that is not XML, and 404 to an unknown record', async () => {
    expect(
      (await arlo.request('PATCH', 'contacts/562/', { body: '{}', contentType: 'application/json' })).status,
    ).toBe(415);
    expect((await arlo.patch('contacts/999999/', '<diff><remove sel="Contact/Email"/></diff>')).status).toBe(
      404,
    );
  });
});

describe('POST and IntegrationData', () => {
  it('creates a contact with its Employment inline: 201, Location, the full resource', async () => {
    const answer = await arlo.post(
      'contacts/',
      `<Contact>
<FirstName>Sarah</FirstName>
<LastName>Chen</LastName>
<Email>sarah.chen@example.org</Email>
<PhoneWork>+64 9 555 0142</PhoneWork>
<CodePrimary>EMP-40221</CodePrimary>
<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/Employment" type="application/xml" title="Employment">
<ContactEmployment>
<Position>Product Manager</Position>
<Link rel="http://schemas.arlo.co/api/2012/02/auth/related/Organisation" type="application/xml" title="Organisation" href="https://demo.arlo.co/api/2012-02-01/auth/resources/organisations/823/"/>
</ContactEmployment>
</Link>
</Contact>`,
    );
    expect(answer.status).toBe(201);
    const id = textAt(answer.xml, 'ContactID')!;
    expect(answer.headers.get('location')).toBe(`${simulator.baseUrl}contacts/${id}/`);
    const integration = childElements(answer.xml!).find((l) => attr(l, 'title') === 'IntegrationData');
    expect(attr(integration!, 'href')).toBe(`${simulator.baseUrl}contacts/${id}/integrationdata/`);
    const truth = await simulator.control.truthOf('Contact', id);
    expect(truth.fields).toMatchObject({ FirstName: 'Sarah', CodePrimary: 'EMP-40221' });
    expect(truth.employment).toEqual({ Position: 'Product Manager', OrganisationID: '823' });
    expect((await simulator.control.events()).at(-1)).toMatchObject({
      type: 'Contact.Created',
      resourceId: id,
    });
  });

  it('creates an organisation, and refuses a POST with IntegrationData inline or a missing Name', async () => {
    const created = await arlo.post(
      'organisations/',
      '<Organisation><Name>Kauri Health</Name></Organisation>',
    );
    expect(created.status).toBe(201);
    const inline = await arlo.post(
      'contacts/',
      '<Contact><FirstName>A</FirstName><LastName>B</LastName><Link title="IntegrationData"><ContactIntegrationData><VendorID>X</VendorID></ContactIntegrationData></Link></Contact>',
    );
    expect(inline.status).toBe(400);
    expect(textAt(inline.xml, 'Message')).toMatch(/cannot be included inline/);
    expect(
      (await arlo.post('organisations/', '<Organisation><Email>a@b.c</Email></Organisation>')).status,
    ).toBe(400);
    expect((await arlo.post('registrations/', '<Registration/>')).status).toBe(405);
  });

  it('PUTs IntegrationData (vendor case-insensitive): 201 then 200, each a write', async () => {
    const body = (id: string) =>
      `<ContactIntegrationData><VendorID>HRSystem</VendorID><SuppressIntegration>false</SuppressIntegration><ID>${id}</ID></ContactIntegrationData>`;
    const before = await simulator.control.truthOf('Contact', '562');
    const first = await arlo.put('contacts/562/integrationdata/HRSystem/', body('HR-40221'));
    expect(first.status).toBe(201);
    const second = await arlo.put('contacts/562/integrationdata/hrsystem/', body('HR-40222'));
    expect(second.status).toBe(200);
    const after = await simulator.control.truthOf('Contact', '562');
    expect(after.integrationData).toEqual({
      hrsystem: { VendorID: 'HRSystem', SuppressIntegration: 'false', ID: 'HR-40222' },
    });
    expect(after.lastModifiedDateTime > before.lastModifiedDateTime).toBe(true);
    const read = await arlo.get('contacts/562/integrationdata/hrsystem/');
    expect(read.xml?.name).toBe('ContactIntegrationData');
    expect(textAt(read.xml, 'ID')).toBe('HR-40222');
    const list = await arlo.get('contacts/562/?expand=IntegrationData');
    const link = childElements(list.xml!).find((l) => attr(l, 'title') === 'IntegrationData');
    expect(textAt(link, 'IntegrationData/ContactIntegrationData/VendorID')).toBe('HRSystem');
  });

  it('expands IntegrationData beside a sub-resource in one GET (a push reads both at once), an empty list when none', async () => {
    const bare = await simulator.control.createRecord('Contact', {
      fields: { FirstName: 'Nia', LastName: 'Bare' },
      employment: { fields: { Position: 'Nurse' }, organisationId: '823' },
    });
    await arlo.put(
      `contacts/${bare.id}/integrationdata/crm/`,
      '<ContactIntegrationData><VendorID>CRM</VendorID><SuppressIntegration>true</SuppressIntegration><ID>C-9</ID></ContactIntegrationData>',
    );
    const both = await arlo.get(`contacts/${bare.id}/?expand=Employment,IntegrationData`);
    const link = (title: string) => childElements(both.xml!).find((l) => attr(l, 'title') === title);
    expect(textAt(link('Employment'), 'ContactEmployment/Position')).toBe('Nurse');
    expect(textAt(link('IntegrationData'), 'IntegrationData/ContactIntegrationData/VendorID')).toBe('CRM');
    expect(
      textAt(link('IntegrationData'), 'IntegrationData/ContactIntegrationData/SuppressIntegration'),
    ).toBe('true');

    const none = await simulator.control.createRecord('Contact', {
      fields: { FirstName: 'No', LastName: 'Data' },
    });
    const empty = await arlo.get(`contacts/${none.id}/?expand=IntegrationData`);
    const list = childElements(empty.xml!).find((l) => attr(l, 'title') === 'IntegrationData');
    const inline = childElements(list!);
    expect(inline.map((e) => e.name)).toEqual(['IntegrationData']);
    expect(childElements(inline[0]!).map((e) => e.name)).toEqual(['Link']);
  });

  it('refuses IntegrationData whose VendorID does not match the URI', async () => {
    const answer = await arlo.put(
      'contacts/562/integrationdata/crm/',
      '<ContactIntegrationData><VendorID>HRSystem</VendorID></ContactIntegrationData>',
    );
    expect(answer.status).toBe(400);
    expect(textAt(answer.xml, 'Message')).toMatch(/must be present and match the vendor/);
  });
});
