import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { checkOwnership, desiredFieldNames } from '../../../src/push/desired-state';
import {
  DEFAULT_OWNERSHIP,
  loadOwnership,
  OwnershipConfigError,
  parseOwnership,
} from '../../../src/push/field-ownership';

describe('field ownership configuration', () => {
  it('defaults to the guide table: identity, employment and address for Contact; names and codes for Organisation', () => {
    expect(loadOwnership(undefined)).toBe(DEFAULT_OWNERSHIP);
    expect(DEFAULT_OWNERSHIP.resources.Contact.fields).toEqual(
      expect.arrayContaining(['FirstName', 'Email']),
    );
    expect(DEFAULT_OWNERSHIP.resources.Contact.employment).toEqual({ position: true, organisation: true });
    expect(DEFAULT_OWNERSHIP.resources.Organisation.fields).toEqual(
      expect.arrayContaining(['Name', 'LegalName', 'CodePrimary']),
    );
    expect(DEFAULT_OWNERSHIP.conflictPolicy).toBe('external-wins');
  });

  it('keeps the default of a resource type the file leaves out', () => {
    const ownership = parseOwnership({ conflictPolicy: 'arlo-wins', Contact: { fields: ['Email'] } });
    expect(ownership.conflictPolicy).toBe('arlo-wins');
    expect(ownership.resources.Contact).toEqual({
      fields: ['Email'],
      employment: { position: false, organisation: false },
      postalAddress: false,
      customFields: [],
    });
    expect(ownership.resources.Organisation).toBe(DEFAULT_OWNERSHIP.resources.Organisation);
  });

  it('refuses Arlo-owned fields, unknown keys and employment on Organisation, one line each', () => {
    let error: unknown;
    try {
      parseOwnership(
        {
          Contact: { fields: ['ContactID', 'LastModifiedDateTime', 'First Name'], tier: true },
          Organisation: { fields: [], employment: { position: true } },
          conflictPolicy: 'coin-toss',
        },
        'ownership.json',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OwnershipConfigError);
    const problems = (error as OwnershipConfigError).problems.join('\n');
    expect(problems).toContain('Contact.fields.0: ContactID is owned by Arlo');
    expect(problems).toContain('Contact.fields.1: LastModifiedDateTime is owned by Arlo');
    expect(problems).toContain('Contact.fields.2: must be an element name');
    expect(problems).toMatch(/Contact: .*tier/);
    expect(problems).toContain('Organisation.employment: employment exists only on Contact');
    expect(problems).toMatch(/conflictPolicy: /);
    expect((error as Error).message).toContain('ownership.json');
  });

  it('names the file when it cannot be read or is not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ownership-'));
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "Contact": ');
    expect(() => loadOwnership(file)).toThrow(/broken\.json is invalid:\n {2}- not valid JSON/);
    expect(() => loadOwnership(path.join(dir, 'missing.json'))).toThrow(/cannot read it/);
  });
});

describe('checkOwnership', () => {
  it('accepts a push of owned fields and names every field the external system does not own', () => {
    expect(
      checkOwnership(
        'Contact',
        { fields: { FirstName: 'A' }, employment: { position: 'B', organisationId: '1' } },
        DEFAULT_OWNERSHIP,
      ),
    ).toEqual([]);
    expect(
      checkOwnership(
        'Organisation',
        { fields: { Name: 'A', Status: 'x' }, customFields: { tier: 'Gold' }, employment: { position: 'P' } },
        DEFAULT_OWNERSHIP,
      ),
    ).toEqual([
      'Organisation field Status is not owned by the external system',
      'Organisation Employment Position is not owned by the external system',
      'Organisation custom field "tier" is not owned by the external system',
    ]);
  });

  it('lists the parts a push touches', () => {
    expect(
      desiredFieldNames({
        fields: { Name: 'A' },
        employment: { organisationId: '1' },
        postalAddress: { City: 'X' },
        customFields: { tier: 'Gold' },
      }),
    ).toEqual(['Name', 'Employment/Organisation', 'PostalAddress/City', 'CustomFields/tier']);
  });
});
