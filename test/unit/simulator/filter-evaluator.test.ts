import { ApiError } from '../../../src/simulator/api-error';
import { parseTicks } from '../../../src/simulator/arlo-ticks';
import { compileFilter } from '../../../src/simulator/query/filter-evaluator';
import { parseFilter } from '../../../src/simulator/query/filter-parser';
import { compileOrderBy } from '../../../src/simulator/query/orderby';
import { platformEventTarget, recordTarget } from '../../../src/simulator/query/query-target';
import { platformFixture } from './platform-fixture';

describe('compileFilter over records', () => {
  const f = platformFixture();
  const org = f.create('Organisation', { fields: { Name: 'Acme' } });
  const barry = f.create(
    'Contact',
    {
      fields: { FirstName: 'Barry', LastName: 'Jones', Status: 'Active' },
      employment: { fields: { Position: 'Developer' }, organisationId: org.id },
    },
    { ticks: parseTicks('2013-07-16T23:57:12.9431234Z')! },
  );
  const sarah = f.create(
    'Contact',
    { fields: { FirstName: 'Sarah', LastName: 'Chen' } },
    { ticks: parseTicks('2013-07-16T23:57:12.9430000Z')! },
  );
  const event = f.create('Event', { fields: { Code: 'E1' } });
  const registration = f.create('Registration', {
    fields: { Status: 'Approved', ProgressPercent: '75.0' },
    refs: { Contact: barry.id, Event: event.id },
  });
  const contacts = () => f.store.live('Contact');
  const ids = (filter: string) =>
    contacts()
      .filter(compileFilter(parseFilter(filter), recordTarget('Contact', f.store)))
      .map((c) => c.id);

  it('compares 7-digit stored timestamps exactly against millisecond literals (the precision trap)', () => {
    // Barry is at .9431234, Sarah exactly at .9430000.
    expect(ids("LastModifiedDateTime eq datetime('2013-07-16T23:57:12.943Z')")).toEqual([sarah.id]);
    expect(ids("LastModifiedDateTime gt datetime('2013-07-16T23:57:12.943Z')")).toEqual([barry.id]);
    expect(ids("LastModifiedDateTime ge datetime('2013-07-16T23:57:12.943Z')")).toEqual([barry.id, sarah.id]);
    expect(ids("LastModifiedDateTime lt datetime('2013-07-16T23:57:12.944Z')")).toEqual([barry.id, sarah.id]);
  });

  it('evaluates AND/OR with the cursor pattern of the guide', () => {
    const cursor = `LastModifiedDateTime gt datetime('2013-07-16T23:57:12.943Z') OR (LastModifiedDateTime eq datetime('2013-07-16T23:57:12.943Z') AND ContactID gt ${sarah.id})`;
    expect(ids(cursor)).toEqual([barry.id]);
  });

  it('compares integers as 64-bit values, strings exactly, and treats a missing value as unequal', () => {
    expect(ids(`ContactID ge ${sarah.id}`)).toEqual([sarah.id]);
    expect(ids("FirstName eq 'barry'")).toEqual([]);
    expect(ids("Status eq 'Active'")).toEqual([barry.id]);
    expect(ids("Status ne 'Active'")).toEqual([sarah.id]);
  });

  it('follows navigation paths through sub-resources and references', () => {
    expect(ids("Employment/Position eq 'Developer'")).toEqual([barry.id]);
    expect(ids("Employment/Organisation/Name eq 'Acme'")).toEqual([barry.id]);
    expect(ids("Contact/FirstName eq 'Sarah'")).toEqual([sarah.id]);
    const registrations = f.store
      .live('Registration')
      .filter(
        compileFilter(
          parseFilter(`Contact/ContactID eq ${barry.id} and ProgressPercent gt 50`),
          recordTarget('Registration', f.store),
        ),
      );
    expect(registrations.map((r) => r.id)).toEqual([registration.id]);
  });

  it.each([
    ["Nickname eq 'x'", /Contact has no field "Nickname"/],
    ["ContactID eq '12'", /ContactID is an integer/],
    ['FirstName eq 12', /FirstName is text/],
    ["LastModifiedDateTime gt '2013-07-16'", /is a date and time/],
    ["Employment/Salary eq 'x'", /names no field/],
    ["Registrations/Status eq 'x'", /no navigable Link "Registrations"/],
  ])('refuses %j with a 400 before looking at any record', (filter, expected) => {
    const empty = platformFixture();
    let error: unknown;
    try {
      compileFilter(parseFilter(filter), recordTarget('Contact', empty.store));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toMatch(expected);
  });
});

describe('compileOrderBy', () => {
  it('orders by several keys and breaks ties by ID, so paging is stable', () => {
    const f = platformFixture();
    const at = parseTicks('2024-01-01T00:00:00.0000000Z')!;
    const a = f.create('Contact', { fields: { FirstName: 'A', LastName: 'Z' } }, { ticks: at });
    const b = f.create('Contact', { fields: { FirstName: 'B', LastName: 'Y' } }, { ticks: at });
    const c = f.create('Contact', { fields: { FirstName: 'C', LastName: 'X' } }, { ticks: at - 1n });
    const sorted = (orderby: string) =>
      [...f.store.live('Contact')]
        .sort(compileOrderBy(orderby, recordTarget('Contact', f.store)))
        .map((r) => r.id);
    expect(sorted('LastModifiedDateTime ASC,ContactID ASC')).toEqual([c.id, a.id, b.id]);
    expect(sorted('LastModifiedDateTime desc')).toEqual([a.id, b.id, c.id]);
    expect(sorted('LastName')).toEqual([c.id, b.id, a.id]);
  });

  it('refuses unknown fields and malformed items', () => {
    const f = platformFixture();
    expect(() => compileOrderBy('Nope ASC', recordTarget('Contact', f.store))).toThrow(/no field "Nope"/);
    expect(() => compileOrderBy('ContactID sideways', recordTarget('Contact', f.store))).toThrow(
      /not "Field ASC"/,
    );
  });
});

describe('PlatformEvent filters', () => {
  it('filter and order by ID as 64-bit integers', () => {
    const f = platformFixture();
    for (let i = 0; i < 5; i++) f.create('Contact', { fields: { FirstName: `C${i}`, LastName: 'L' } });
    const events = [...f.platform.events.retained()];
    const after = events.filter(compileFilter(parseFilter('ID gt 3'), platformEventTarget));
    expect(after.map((e) => e.id)).toEqual(['4', '5']);
    expect(events.sort(compileOrderBy('ID desc', platformEventTarget)).map((e) => e.id)).toEqual([
      '5',
      '4',
      '3',
      '2',
      '1',
    ]);
    expect(() => compileFilter(parseFilter("ID gt 'x'"), platformEventTarget)).toThrow(/ID is an integer/);
  });
});
