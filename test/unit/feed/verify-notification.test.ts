/**
 * verifyNotification accepts what signNotification signs (and what the Standard Webhooks algorithm,
 * implemented independently in the test helper, accepts), and refuses a tampered body, a wrong secret,
 * a missing header, a delivery replayed more than five minutes later, and a payload of another kind.
 */
import { randomBytes } from 'node:crypto';

import { NotificationVerificationError, verifyNotification } from '../../../src/feed';
import { signNotification } from '../../../src/feed/notification-signature';
import { verifiesByTheSpec } from '../../helpers/standard-webhooks-check';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({
  type: 'arlo.changes',
  timestamp: '2026-12-01T10:00:00.000Z',
  data: { platform: 'demo.arlo.co', after: '0', next: '1', changes: [] },
});

afterEach(() => jest.useRealTimers());

describe('verifyNotification', () => {
  it('accepts a delivery signed now, and the spec algorithm accepts the same headers', () => {
    const headers = signNotification(secret, 'demo.arlo.co:0-1', new Date(), body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifiesByTheSpec(secret, { ...headers }, body)).toBe(true);
    expect(verifyNotification({ secret, headers, body })).toMatchObject({ type: 'arlo.changes' });
    expect(verifyNotification({ secret, headers, body: Buffer.from(body) }).type).toBe('arlo.changes');
  });

  it('refuses a tampered body, a wrong secret and a missing header', () => {
    const headers = signNotification(secret, 'demo.arlo.co:0-1', new Date(), body);
    const tampered = body.replace('"next":"1"', '"next":"2"');
    expect(() => verifyNotification({ secret, headers, body: tampered })).toThrow(/No matching signature/);
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect(() => verifyNotification({ secret: other, headers, body })).toThrow(NotificationVerificationError);
    const { 'webhook-id': _id, ...withoutId } = headers;
    expect(() => verifyNotification({ secret, headers: withoutId, body })).toThrow(
      /Missing required headers/,
    );
  });

  it('refuses a delivery replayed more than five minutes after it was signed', () => {
    const signedAt = new Date('2026-12-01T10:00:00Z');
    const headers = signNotification(secret, 'demo.arlo.co:0-1', signedAt, body);
    jest.useFakeTimers({ now: new Date(signedAt.getTime() + 4 * 60_000) });
    expect(verifyNotification({ secret, headers, body }).type).toBe('arlo.changes');
    jest.setSystemTime(new Date(signedAt.getTime() + 6 * 60_000));
    expect(() => verifyNotification({ secret, headers, body })).toThrow(/timestamp too old/);
    expect(verifiesByTheSpec(secret, { ...headers }, body)).toBe(true); // The signature itself still holds.
  });

  it('refuses a correctly signed payload that is not a notification of this feed', () => {
    const other = JSON.stringify({ type: 'invoice.paid', data: {} });
    const headers = signNotification(secret, 'x', new Date(), other);
    expect(() => verifyNotification({ secret, headers, body: other })).toThrow(/unknown type "invoice.paid"/);
  });
});
