import type { ArloEntity, ArloSubResource } from '../../../src/arlo/entities';
import { buildPatchDiff } from '../../../src/arlo/patch-diff';
import { expandsFor, planPatch, type PatchPlan } from '../../../src/push/plan-patch';
import { GUIDE_BASE_URL, GUIDE_PATCH_EXAMPLES, squashXml } from '../../fixtures/guide-patch-examples';

const BASE = GUIDE_BASE_URL;
const REL = 'http://schemas.arlo.co/api/2012/02/auth/related/';

function entity(
  resourceType: string,
  id: string,
  fields: Record<string, string>,
  related: Record<string, ArloSubResource> = {},
): ArloEntity {
  return {
    resourceType,
    id,
    lastModifiedDateTime: '2026-11-23T10:00:00.1234567Z',
    fields,
    links: Object.keys(related).map((title) => ({
      rel: `${REL}${title}`,
      title,
      href: `${BASE}x/${id}/${title}/`,
    })),
    related,
    nested: {},
  };
}

function employment(position: string | undefined, organisationId: string): ArloSubResource {
  return {
    element: 'ContactEmployment',
    fields: position === undefined ? {} : { Position: position },
    links: [
      { rel: `${REL}Organisation`, title: 'Organisation', href: `${BASE}organisations/${organisationId}/` },
    ],
    related: {},
    nested: {},
  };
}

const squash = squashXml;
const diffOf = (plan: PatchPlan) => squash(buildPatchDiff(plan.operations));

const contact562 = entity(
  'Contact',
  '562',
  { FirstName: 'Sam', LastName: 'Lee' },
  { Employment: employment('Developer', '823') },
);

describe('planPatch reproduces the guide examples', () => {
  it('Example 1: a new Position is one replace of its text', () => {
    const plan = planPatch(
      'Contact',
      contact562,
      { fields: {}, employment: { position: 'Senior Developer' } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe(squash(GUIDE_PATCH_EXAMPLES.employmentPosition));
    expect(plan.changedFields).toEqual(['Employment/Position']);
  });

  it('Example 2: an existing Name is replaced and a missing LegalName added', () => {
    const organisation = entity('Organisation', '1423', { Name: 'Acme Corp', CodePrimary: 'ACME' });
    const plan = planPatch(
      'Organisation',
      organisation,
      {
        fields: { Name: 'Acme Corporation Ltd', LegalName: 'Acme Corporation Limited', CodePrimary: 'ACME' },
      },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe(squash(GUIDE_PATCH_EXAMPLES.organisationName));
    expect(plan.changedFields).toEqual(['Name', 'LegalName']);
  });

  it('Example 3: a new Organisation removes and re-adds the Employment link', () => {
    const plan = planPatch(
      'Contact',
      contact562,
      { fields: {}, employment: { position: 'Senior Developer', organisationId: '1502' } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe(squash(GUIDE_PATCH_EXAMPLES.employmentTransfer));
    expect(plan.changedFields).toEqual(['Employment/Organisation', 'Employment/Position']);
    expect(expandsFor({ fields: {}, employment: { organisationId: '1502' } })).toEqual(['Employment']);
  });
});

describe('planPatch compares only what the push sends, after normalisation', () => {
  it('plans nothing when Arlo already holds the values (modulo spaces, CRLF and Unicode form)', () => {
    const current = entity(
      'Contact',
      '7',
      { FirstName: 'José', Notes: 'a\nb' },
      { Employment: employment('Dev', '9') },
    );
    const plan = planPatch(
      'Contact',
      current,
      {
        fields: { FirstName: ' Jose\u0301 ', Notes: 'a\r\nb' },
        employment: { position: 'Dev', organisationId: '9' },
      },
      { baseUrl: BASE },
    );
    expect(plan.operations).toEqual([]);
    expect(plan.changedFields).toEqual([]);
  });

  it('leaves fields the push does not name untouched', () => {
    const plan = planPatch(
      'Contact',
      entity('Contact', '7', { FirstName: 'A', LastName: 'B' }),
      { fields: { LastName: 'C' } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe('<diff><replace sel="Contact/LastName/text()">C</replace></diff>');
  });

  it('removes and re-adds an empty element, which has no text node to replace', () => {
    const plan = planPatch(
      'Contact',
      entity('Contact', '7', { Email: '' }),
      { fields: { Email: 'a@b.c' } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe(
      '<diff><remove sel="Contact/Email"/><add sel="Contact"><Email>a@b.c</Email></add></diff>',
    );
  });

  it('clears a field by removing its text', () => {
    const plan = planPatch(
      'Contact',
      entity('Contact', '7', { PhoneWork: '123' }),
      { fields: { PhoneWork: ' ' } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe('<diff><remove sel="Contact/PhoneWork/text()"/></diff>');
  });

  it('adds a whole Employment link when the contact has none', () => {
    const plan = planPatch(
      'Contact',
      entity('Contact', '7', {}),
      { fields: {}, employment: { position: 'PM', organisationId: '823' } },
      { baseUrl: BASE },
    );
    expect(plan.operations.map((op) => op.op)).toEqual(['add']);
    expect(diffOf(plan)).toContain(`<Position>PM</Position><Link rel="${REL}Organisation"`);
  });

  it('keeps the current Position and other employment fields when only the Organisation changes', () => {
    const current = employment('Analyst', '823');
    const withDepartment = { ...current, fields: { ...current.fields, Department: 'R&D' } };
    const plan = planPatch(
      'Contact',
      entity('Contact', '7', {}, { Employment: withDepartment }),
      { fields: {}, employment: { organisationId: '900' } },
      { baseUrl: BASE },
    );
    const diff = diffOf(plan);
    expect(diff).toContain('<Position>Analyst</Position><Department>R&amp;D</Department>');
    expect(diff).toContain('organisations/900/');
    expect(plan.changedFields).toEqual(['Employment/Organisation']);
  });

  it('patches postal address fields inside the expanded PostalAddress link, or adds the link', () => {
    const address: ArloSubResource = {
      element: 'Address',
      fields: { City: 'Auckland' },
      links: [],
      related: {},
      nested: {},
    };
    const patched = planPatch(
      'Contact',
      entity('Contact', '7', {}, { PostalAddress: address }),
      { fields: {}, postalAddress: { City: 'Wellington' } },
      { baseUrl: BASE },
    );
    expect(diffOf(patched)).toBe(
      `<diff><replace sel="Contact/Link[@title='PostalAddress']/Address/City/text()">Wellington</replace></diff>`,
    );
    expect(patched.changedFields).toEqual(['PostalAddress/City']);
    const added = planPatch(
      'Contact',
      entity('Contact', '7', {}),
      { fields: {}, postalAddress: { City: 'Wellington' } },
      { baseUrl: BASE },
    );
    expect(diffOf(added)).toContain(
      `<add sel="Contact"><Link rel="http://schemas.arlo.co/api/2012/02/auth/related/PostalAddress" type="application/xml" title="PostalAddress"><Address><City>Wellington</City></Address></Link></add>`,
    );
  });

  it('selects a custom field by a quoted name, even one with both quote kinds', () => {
    const value: ArloSubResource = {
      element: 'Value',
      fields: { String: 'Silver' },
      links: [],
      related: {},
      nested: {},
    };
    const field: ArloSubResource = {
      element: 'Field',
      fields: { Name: `it's "tier"` },
      links: [],
      related: {},
      nested: { Value: [value] },
    };
    const customFields: ArloSubResource = {
      element: 'CustomFields',
      fields: {},
      links: [],
      related: {},
      nested: { Field: [field] },
    };
    const plan = planPatch(
      'Contact',
      entity('Contact', '7', {}, { CustomFields: customFields }),
      { fields: {}, customFields: { [`it's "tier"`]: 'Gold', region: 'North' } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe(
      `<diff><replace sel="Contact/Link[@title='CustomFields']/CustomFields/Field[Name=concat('it', &quot;'&quot;, 's &quot;tier&quot;')]/Value/String/text()">Gold</replace>` +
        `<add sel="Contact/Link[@title='CustomFields']/CustomFields"><Field><Name>region</Name><Value><String>North</String></Value></Field></add></diff>`,
    );
  });
});

describe('planPatch writes hostile values as text', () => {
  it('escapes markup, ampersands and a closing-tag injection', () => {
    const hostile = `</Name><Email>evil@x</Email> & "q" 'a' <b>`;
    const plan = planPatch(
      'Organisation',
      entity('Organisation', '1', { Name: 'Acme' }),
      { fields: { Name: hostile } },
      { baseUrl: BASE },
    );
    expect(diffOf(plan)).toBe(
      `<diff><replace sel="Organisation/Name/text()">&lt;/Name&gt;&lt;Email&gt;evil@x&lt;/Email&gt; &amp; "q" 'a' &lt;b&gt;</replace></diff>`,
    );
  });
});
