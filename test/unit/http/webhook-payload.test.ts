import { MAX_EVENTS_PER_CALLBACK, parseWebhookPayload } from '../../../src/http/webhook-payload';

const event = {
  id: '108',
  dateTime: '2023-07-18T00:02:55.7577072Z',
  type: 'Contact.Updated',
  resourceType: 'Contact',
  resourceId: '10987',
};

function parse(value: unknown) {
  return parseWebhookPayload(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
}

function problemOf(value: unknown): string {
  const result = parse(value);
  if (result.ok) throw new Error('expected the payload to be rejected');
  return result.problem;
}

describe('webhook payload validation', () => {
  it('accepts the four-event example of webhooks.txt, 8-digit fractions and merge-request GUID included', () => {
    const result = parse({
      events: [
        event,
        {
          ...event,
          id: '109',
          type: 'Organisation.Updated',
          resourceType: 'Organisation',
          resourceId: '10988',
        },
        { ...event, id: '110', dateTime: '2023-07-18T00:02:57.01488785Z', type: 'Registration.Created' },
        {
          id: '111',
          dateTime: '2023-07-18T00:02:58.01488785Z',
          type: 'OrganisationMergeRequest.Created',
          resourceType: 'OrganisationMergeRequest',
          resourceId: 'f1d7b698-3c22-45df-9740-066f3594daa0',
        },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payload.events.map((e) => e.id)).toEqual(['108', '109', '110', '111']);
    expect(result.payload.events[3]?.resourceId).toBe('f1d7b698-3c22-45df-9740-066f3594daa0');
  });

  it('keeps IDs above 2^53 exact, as strings', () => {
    const bigIds = ['9007199254740993', '9223372036854775807'];
    const result = parse({ events: bigIds.map((id) => ({ ...event, id })) });
    expect(result.ok && result.payload.events.map((e) => e.id)).toEqual(bigIds);
  });

  it('rejects numeric IDs instead of rounding them', () => {
    // 9007199254740993 as a JSON number would silently become ...992.
    expect(
      problemOf(
        '{"events":[{"id":9007199254740993,"dateTime":"2023-07-18T00:02:55Z",' +
          '"type":"Contact.Updated","resourceType":"Contact","resourceId":"1"}]}',
      ),
    ).toMatch(/events\.0\.id: .*string/);
    expect(problemOf({ events: [{ ...event, id: 108 }] })).toMatch(/events\.0\.id/);
  });

  it('rejects IDs that are not canonical 64-bit decimals', () => {
    for (const id of ['', '-1', '0108', '1e3', '9223372036854775808', '12a']) {
      expect(problemOf({ events: [{ ...event, id }] })).toMatch(/events\.0\.id/);
    }
  });

  it('rejects a numeric resourceId and one that is neither an integer nor a GUID', () => {
    expect(problemOf({ events: [{ ...event, resourceId: 10987 }] })).toMatch(/resourceId/);
    expect(problemOf({ events: [{ ...event, resourceId: 'abc' }] })).toMatch(/resourceId/);
  });

  it('accepts event types arlo-sync does not handle', () => {
    const result = parse({ events: [{ ...event, type: 'Invoice.Voided', resourceType: 'Invoice' }] });
    expect(result.ok).toBe(true);
  });

  it('rejects missing or malformed fields with a reason naming the field', () => {
    const { type: _type, ...withoutType } = event;
    expect(problemOf({ events: [withoutType] })).toMatch(/events\.0\.type/);
    expect(problemOf({ events: [{ ...event, resourceType: 42 }] })).toMatch(/events\.0\.resourceType/);
    expect(problemOf({ events: [{ ...event, type: 'Contact Updated; drop' }] })).toMatch(/events\.0\.type/);
    expect(problemOf({ events: [{ ...event, dateTime: 'yesterday' }] })).toMatch(/events\.0\.dateTime/);
    expect(problemOf({ events: [{ ...event, dateTime: '2023-02-30T00:00:00Z' }] })).toMatch(/dateTime/);
  });

  it('rejects a body without an events array, an empty one and an oversized one', () => {
    expect(problemOf({})).toMatch(/events/);
    expect(problemOf({ events: {} })).toMatch(/events must be an array/);
    expect(problemOf([event])).toMatch(/JSON object/);
    expect(problemOf({ events: [] })).toMatch(/at least one/);
    const many = Array.from({ length: MAX_EVENTS_PER_CALLBACK + 1 }, (_, i) => ({
      ...event,
      id: String(i + 1),
    }));
    expect(problemOf({ events: many })).toMatch(/at most/);
  });

  it('rejects bodies that are not UTF-8 JSON', () => {
    expect(problemOf('{"events": [')).toBe('the body is not valid UTF-8 JSON');
    expect(problemOf('')).toBe('the body is not valid UTF-8 JSON');
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"events":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect(parseWebhookPayload(invalidUtf8)).toEqual({
      ok: false,
      problem: 'the body is not valid UTF-8 JSON',
    });
  });

  it('drops fields it does not know, so the workflow input has a fixed shape', () => {
    const result = parse({ events: [{ ...event, extra: 'x' }], more: true });
    expect(result.ok && result.payload.events[0]).toEqual(event);
  });
});
