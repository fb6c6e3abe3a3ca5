import { RouteTable } from '../../../src/simulator/api/route-table';

describe('RouteTable', () => {
  const noop = () => undefined;
  const table = new RouteTable();
  table.add('GET', '/platformevents/query/', noop);
  table.add('GET', '/platformevents/:id/', noop);
  table.add('GET', '/contacts/:id/', noop);
  table.add('PATCH', '/contacts/:id/', noop);

  it('matches with or without the trailing slash and decodes parameters', () => {
    expect(table.match('GET', '/contacts/12/')).toMatchObject({ kind: 'found', params: { id: '12' } });
    expect(table.match('GET', '/contacts/12')).toMatchObject({
      kind: 'found',
      route: { pattern: '/contacts/:id/' },
    });
    expect(table.match('GET', '/contacts/a%20b/')).toMatchObject({ params: { id: 'a b' } });
  });

  it('prefers the route added first (literal segments before parameters)', () => {
    expect(table.match('GET', '/platformevents/query/')).toMatchObject({
      route: { pattern: '/platformevents/query/' },
    });
    expect(table.match('GET', '/platformevents/108/')).toMatchObject({
      route: { pattern: '/platformevents/:id/' },
    });
  });

  it('tells a wrong method from an unknown path, and serves HEAD from GET', () => {
    expect(table.match('DELETE', '/contacts/12/')).toEqual({
      kind: 'method-not-allowed',
      pattern: '/contacts/:id/',
      allowed: ['GET', 'PATCH'],
    });
    expect(table.match('GET', '/nothing/here/')).toEqual({ kind: 'not-found' });
    expect(table.match('HEAD', '/contacts/1/')).toMatchObject({ kind: 'found' });
    expect(table.match('GET', '/contacts/%E0%A4%A/')).toEqual({ kind: 'not-found' });
  });
});
