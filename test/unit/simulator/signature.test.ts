import { signPayload } from '../../../src/simulator/webhooks/signature';

describe('signPayload', () => {
  // webhooks.txt, "Validating callbacks" → "Example": key, body and expected signature, verbatim.
  const key = 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx';
  const body =
    '{"events":[{"id":"108","dateTime":"2023-07-18T00:02:55.7577072Z","type":"Contact.Updated","resourceType":"Contact","resourceId":"2"}]}';

  it('reproduces the documented example signature', () => {
    expect(signPayload(body, key)).toBe(
      'OQjMwAcQXVIfncRRqznUsibyO3qyjJQYSKI3sAMkFO+0aumoPx1xdw8Wz2iuamfpXBtJvBrPAAIU1gOT4L0V+g==',
    );
  });

  it('depends on every byte of the body', () => {
    expect(signPayload(`${body} `, key)).not.toBe(signPayload(body, key));
  });
});
