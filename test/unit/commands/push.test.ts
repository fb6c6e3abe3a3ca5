import { describeOutcome, parseFieldArguments, pushCommand } from '../../../src/commands/push';
import { loadConfig } from '../../../src/config';

const config = loadConfig({
  ARLO_BASE_URL: 'https://demo.arlo.co/api/2012-02-01/auth/resources/',
  ARLO_USERNAME: 'api',
  ARLO_PASSWORD: 'secret',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/',
});

describe('arlo-sync push', () => {
  it('reads Name=Value pairs, keeping any further = in the value', () => {
    expect(parseFieldArguments(['FirstName=Sarah', 'Notes=a=b'])).toEqual({
      FirstName: 'Sarah',
      Notes: 'a=b',
    });
    expect(() => parseFieldArguments(['FirstName'])).toThrow(/write it as Name=Value/);
  });

  it('refuses an unknown kind and fields the external system does not own before contacting Temporal', async () => {
    await expect(pushCommand(config, 'event', { externalId: 'X', field: [] })).rejects.toThrow(
      'push what? "event" is not a kind of record arlo-sync pushes: use contact or organisation ' +
        "(Arlo's Contact and Organisation)",
    );
    await expect(
      pushCommand(config, 'contact', { externalId: 'HR-1', field: ['ContactID=5'] }),
    ).rejects.toThrow('Contact field ContactID is not owned by the external system');
  });

  it.each(['contact', 'Contact', 'contacts', 'organisation', 'Organisations', 'ORGANISATION'])(
    'takes %s as a kind, in any case, singular or plural as the push API routes are',
    async (kind) => {
      // Past the kind, the field check answers: the kind was understood.
      await expect(pushCommand(config, kind, { externalId: 'HR-1', field: ['Nope=1'] })).rejects.toThrow(
        /field Nope is not owned by the external system/,
      );
    },
  );

  // Issue 14: --dry-run printed field names, not the document the README promises.
  it('prints a dry run as the diff document or POST body it would send, verbatim', () => {
    const diff = `<diff><replace sel="Contact/FirstName/text()">Sam &amp; Co</replace></diff>`;
    expect(
      describeOutcome('Contact', {
        outcome: 'planned',
        action: 'patch',
        arloId: '562',
        document: diff,
        fields: ['FirstName'],
      }),
    ).toBe(`Dry run: would PATCH Contact 562 (FirstName) with this diff document:\n${diff}`);
    const body = '<Organisation><Name>Acme</Name></Organisation>';
    expect(
      describeOutcome('Organisation', {
        outcome: 'planned',
        action: 'create',
        document: body,
        fields: ['Name'],
      }),
    ).toBe(`Dry run: no such Organisation in Arlo; would POST a new one (Name) with this body:\n${body}`);
    expect(
      describeOutcome('Contact', { outcome: 'planned', action: 'none', arloId: '562', fields: [] }),
    ).toBe('Dry run: Contact 562 already holds these values; nothing would be sent.');
    expect(JSON.parse(describeOutcome('Contact', { outcome: 'unchanged', arloId: '562' }))).toEqual({
      outcome: 'unchanged',
      arloId: '562',
    });
  });
});
