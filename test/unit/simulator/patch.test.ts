import { ApiError } from '../../../src/simulator/api-error';
import { readDiff } from '../../../src/simulator/patch/diff-document';
import { applyDiff } from '../../../src/simulator/patch/patch-applier';
import { stateOf } from '../../../src/simulator/platform';
import { parseExpand } from '../../../src/simulator/render/expand';
import { Hrefs } from '../../../src/simulator/render/hrefs';
import { ResourceRenderer } from '../../../src/simulator/render/resource-renderer';
import { RESOURCE_SCHEMAS } from '../../../src/simulator/store/resource-schemas';
import { readRepresentation } from '../../../src/simulator/write/representation-reader';
import { readXml } from '../../../src/simulator/xml/xml-reader';
import { writeXml } from '../../../src/simulator/xml/xml-writer';
import type { SimRecord } from '../../../src/simulator/store/record';
import { platformFixture } from './platform-fixture';

const BASE = 'https://demo.arlo.co/api/2012-02-01/auth/resources/';

function setup() {
  const f = platformFixture();
  const renderer = new ResourceRenderer(new Hrefs(BASE), f.store);
  const org823 = f.create('Organisation', { id: '823', fields: { Name: 'Old Employer' } });
  const org1502 = f.create('Organisation', { id: '1502', fields: { Name: 'New Employer' } });
  const org1423 = f.create('Organisation', {
    id: '1423',
    fields: { Name: 'Acme Corporation', Email: 'admin@acme.example.org' },
  });
  const contact = f.create('Contact', {
    id: '562',
    fields: { FirstName: 'Barry', LastName: 'Jones', PhoneHome: '04 9712 00234' },
    employment: { fields: { Position: 'Developer', Department: 'Engineering' }, organisationId: org823.id },
    customFields: { Tier: 'Gold' },
  });
  /** PATCH as the API does it: render with expand, apply, read back, commit. */
  const patch = (record: SimRecord, diff: string, expand = '') => {
    const expanded = parseExpand(expand);
    const patched = applyDiff(renderer.render(record, expanded), readDiff(readXml(diff)));
    const state = readRepresentation(
      RESOURCE_SCHEMAS[record.type],
      patched,
      { kind: 'patch', original: record, expanded, before: stateOf(record) },
      f.store,
    );
    f.platform.commit(record, state);
    return record;
  };
  return { ...f, renderer, contact, org1423, org1502, patch };
}

function rejection(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a 400');
}

describe('the guides’ PATCH examples', () => {
  it('Example 1: replaces the Position of an expanded Employment', () => {
    const s = setup();
    s.patch(
      s.contact,
      `<diff><replace sel="Contact/Link[@title='Employment']/ContactEmployment/Position/text()">Senior Developer</replace></diff>`,
      'Employment',
    );
    expect(Object.fromEntries(s.contact.employment!.fields)).toEqual({
      Position: 'Senior Developer',
      Department: 'Engineering',
    });
    expect(s.contact.employment!.organisationId).toBe('823');
  });

  it('Example 2: renames an organisation and adds its LegalName', () => {
    const s = setup();
    s.patch(
      s.org1423,
      `<diff>
        <replace sel="Organisation/Name/text()">Acme Corporation Ltd</replace>
        <add sel="Organisation">
          <LegalName>Acme Corporation Limited</LegalName>
        </add>
      </diff>`,
    );
    expect(s.org1423.fields.get('Name')).toBe('Acme Corporation Ltd');
    expect(s.org1423.fields.get('LegalName')).toBe('Acme Corporation Limited');
    expect(s.org1423.fields.get('Email')).toBe('admin@acme.example.org');
    // Fields come back in the schema's order, wherever the diff added them.
    expect([...s.org1423.fields.keys()].slice(0, 4)).toEqual([
      'OrganisationID',
      'Name',
      'LegalName',
      'Email',
    ]);
  });

  it('Example 3: transfers employment by removing the Employment Link and adding a new one', () => {
    const s = setup();
    s.patch(
      s.contact,
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
      'Employment',
    );
    expect(Object.fromEntries(s.contact.employment!.fields)).toEqual({ Position: 'Senior Developer' });
    expect(s.contact.employment!.organisationId).toBe('1502');
  });
});

describe('applyDiff', () => {
  it('answers 400 when a selector matches nothing', () => {
    const s = setup();
    const error = rejection(() => s.patch(s.contact, '<diff><remove sel="Contact/Email"/></diff>'));
    expect(error.code).toBe('SelectorMatchesNothing');
  });

  it('answers 400 to a replace of a node that does not exist', () => {
    const s = setup();
    const error = rejection(() =>
      s.patch(s.contact, '<diff><replace sel="Contact/Email/text()">a@b.c</replace></diff>'),
    );
    expect(error.message).toMatch(/matches nothing.*use add/);
  });

  it('answers 400 to an add of a field that already exists', () => {
    const s = setup();
    const error = rejection(() =>
      s.patch(s.contact, '<diff><add sel="Contact"><FirstName>Other</FirstName></add></diff>'),
    );
    expect(error.code).toBe('NodeAlreadyExists');
  });

  it('answers 400 to an add of a second Employment with content', () => {
    const s = setup();
    const error = rejection(() =>
      s.patch(
        s.contact,
        '<diff><add sel="Contact"><Link title="Employment"><ContactEmployment><Position>X</Position></ContactEmployment></Link></add></diff>',
        'Employment',
      ),
    );
    expect(error.code).toBe('NodeAlreadyExists');
  });

  it('cannot reach a sub-resource that was not expanded', () => {
    const s = setup();
    const error = rejection(() =>
      s.patch(
        s.contact,
        `<diff><replace sel="Contact/Link[@title='Employment']/ContactEmployment/Position/text()">X</replace></diff>`,
      ),
    );
    expect(error.code).toBe('SelectorMatchesNothing');
  });

  it('answers 400 when a selector matches several nodes', () => {
    const s = setup();
    expect(rejection(() => s.patch(s.contact, '<diff><remove sel="Contact/Link"/></diff>')).code).toBe(
      'SelectorAmbiguous',
    );
  });

  it('supports pos="prepend", "before" and "after", attributes and text removal', () => {
    const root = readXml('<R><A>1</A><B>2</B></R>');
    const out = applyDiff(
      root,
      readDiff(
        readXml(
          '<diff><add sel="R" pos="prepend"><Z>0</Z></add><add sel="R/B" pos="before"><M>m</M></add>' +
            '<add sel="R/B" pos="after"><N>n</N></add><add sel="R/A" type="@k">v</add>' +
            '<replace sel="R/A/@k">w</replace><remove sel="R/B/text()"/></diff>',
        ),
      ),
    );
    expect(writeXml(out)).toBe('<R><Z>0</Z><A k="w">1</A><M>m</M><B/><N>n</N></R>');
    expect(writeXml(root)).toBe('<R><A>1</A><B>2</B></R>');
  });

  it.each([
    ['<patch/>', /RFC 5261 <diff>/],
    ['<diff/>', /no operations/],
    ['<diff><move sel="a"/></diff>', /not a diff operation/],
    ['<diff><add/></diff>', /needs a sel attribute/],
    ['<diff><add sel="a" pos="middle"><x/></add></diff>', /pos must be/],
    ['<diff><remove sel="a">text</remove></diff>', /must be empty/],
  ])('refuses the diff document %s', (body, expected) => {
    expect(() => readDiff(readXml(body))).toThrow(expected);
  });

  it('refuses to remove or rename the resource root', () => {
    const s = setup();
    expect(rejection(() => s.patch(s.contact, '<diff><remove sel="Contact"/></diff>')).message).toMatch(
      /cannot be removed/,
    );
    expect(
      rejection(() => s.patch(s.contact, '<diff><replace sel="Contact"><Organisation/></replace></diff>'))
        .message,
    ).toMatch(/must stay <Contact>/);
  });
});

describe('reading the patched representation back', () => {
  it('refuses changes to read-only fields', () => {
    const s = setup();
    const error = rejection(() =>
      s.patch(s.contact, '<diff><replace sel="Contact/ContactID/text()">1</replace></diff>'),
    );
    expect(error.code).toBe('ReadOnlyField');
  });

  it('refuses unknown fields and malformed values', () => {
    const s = setup();
    expect(
      rejection(() => s.patch(s.contact, '<diff><add sel="Contact"><Nickname>B</Nickname></add></diff>'))
        .code,
    ).toBe('UnknownField');
    const registration = s.create('Registration', { fields: { Status: 'Approved' } });
    expect(
      rejection(() =>
        s.patch(
          registration,
          '<diff><add sel="Registration"><ProgressPercent>lots</ProgressPercent></add></diff>',
        ),
      ).code,
    ).toBe('InvalidValue');
  });

  it('removes an expanded sub-resource whose Link was removed, and keeps one that was not expanded', () => {
    const s = setup();
    s.patch(s.contact, `<diff><remove sel="Contact/Link[@title='Employment']"/></diff>`, 'Employment');
    expect(s.contact.employment).toBeUndefined();
    expect(s.contact.customFields).toEqual([{ name: 'Tier', valueType: 'String', values: ['Gold'] }]);
  });

  it('refuses to remove a field the resource cannot be without', () => {
    const s = setup();
    const error = rejection(() => s.patch(s.contact, '<diff><remove sel="Contact/FirstName"/></diff>'));
    expect(error.message).toMatch(/must keep FirstName and LastName|must keep FirstName/);
  });

  it('removes a field whose element was removed', () => {
    const s = setup();
    s.patch(s.contact, '<diff><remove sel="Contact/PhoneHome"/></diff>');
    expect(s.contact.fields.has('PhoneHome')).toBe(false);
  });

  it('refuses an Employment pointing at an organisation that does not exist', () => {
    const s = setup();
    const error = rejection(() =>
      s.patch(
        s.contact,
        `<diff><replace sel="Contact/Link[@title='Employment']/ContactEmployment/Link[@title='Organisation']/@href">${BASE}organisations/999999/</replace></diff>`,
        'Employment',
      ),
    );
    expect(error.message).toMatch(/Organisation 999999 does not exist/);
  });

  it('bumps LastModifiedDateTime and records an Updated event for every accepted PATCH', () => {
    const s = setup();
    const before = s.contact.lastModifiedTicks;
    const events = s.platform.events.retained().length;
    s.patch(s.contact, '<diff><replace sel="Contact/FirstName/text()">Bazza</replace></diff>');
    expect(s.contact.lastModifiedTicks).toBeGreaterThan(before);
    expect(s.platform.events.retained().length).toBe(events + 1);
    expect(s.platform.events.retained().at(-1)).toMatchObject({
      type: 'Updated',
      resourceType: 'Contact',
      resourceId: '562',
    });
  });
});

describe('reading a POSTed representation', () => {
  it('creates with inline sub-resources and refuses inline IntegrationData', () => {
    const s = setup();
    const state = readRepresentation(
      RESOURCE_SCHEMAS.Contact,
      readXml(
        `<Contact><FirstName>Sarah</FirstName><LastName>Chen</LastName>
          <Link title="Employment"><ContactEmployment><Position>Product Manager</Position>
          <Link title="Organisation" href="${BASE}organisations/823/"/></ContactEmployment></Link></Contact>`,
      ),
      { kind: 'create' },
      s.store,
    );
    expect(state.employment).toEqual({
      fields: new Map([['Position', 'Product Manager']]),
      organisationId: '823',
    });
    expect(
      rejection(() =>
        readRepresentation(
          RESOURCE_SCHEMAS.Contact,
          readXml(
            '<Contact><FirstName>A</FirstName><LastName>B</LastName><Link title="IntegrationData"><X/></Link></Contact>',
          ),
          { kind: 'create' },
          s.store,
        ),
      ).code,
    ).toBe('IntegrationDataNotInline');
    expect(
      rejection(() =>
        readRepresentation(
          RESOURCE_SCHEMAS.Contact,
          readXml('<Contact><FirstName>A</FirstName></Contact>'),
          { kind: 'create' },
          s.store,
        ),
      ).message,
    ).toMatch(/needs LastName/);
  });
});
