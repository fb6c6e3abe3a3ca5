import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { WebhookEndpoint, WebhookEndpointInput } from '../../../src/arlo';
import { sameCallbackUrl, webhookCallbackUrl } from '../../../src/onboarding/callback-url';
import { OnboardingError } from '../../../src/onboarding/onboarding-error';
import {
  ensureWebhookEndpoint,
  findEndpoint,
  listAllWebhookEndpoints,
} from '../../../src/onboarding/webhook-registration';

const URL_ = 'https://sync.example.org/webhooks/arlo';
const endpoint = (id: string, url: string, status = 'Active'): WebhookEndpoint => ({
  id,
  url,
  status,
  fields: {},
});

describe('webhookCallbackUrl', () => {
  it('appends the webhook path to an origin, and keeps a full URL as given', () => {
    const webhookPath = '/webhooks/arlo';
    expect(webhookCallbackUrl({ publicUrl: 'https://sync.example.org', webhookPath })).toBe(URL_);
    expect(webhookCallbackUrl({ publicUrl: 'https://proxy.example.org/arlo/in', webhookPath })).toBe(
      'https://proxy.example.org/arlo/in',
    );
  });

  it('says which variable to set when the public URL is missing', () => {
    expect(() => webhookCallbackUrl({ publicUrl: undefined, webhookPath: '/w' })).toThrow(
      /RECEIVER_PUBLIC_URL is not set/,
    );
  });

  it('compares URLs as URLs (host case does not matter)', () => {
    expect(sameCallbackUrl('https://SYNC.example.org/webhooks/arlo', URL_)).toBe(true);
    expect(sameCallbackUrl('https://sync.example.org/other', URL_)).toBe(false);
  });
});

describe('listAllWebhookEndpoints', () => {
  it('follows next links until the last page', async () => {
    const hrefs: string[] = [];
    const all = await listAllWebhookEndpoints({
      listWebhookEndpoints: () => Promise.resolve({ items: [endpoint('1', URL_)], nextHref: 'p2' }),
      listWebhookEndpointsByHref: (href) => {
        hrefs.push(href);
        return Promise.resolve(
          href === 'p2' ? { items: [endpoint('2', URL_)], nextHref: 'p3' } : { items: [endpoint('3', URL_)] },
        );
      },
    });
    expect(all.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(hrefs).toEqual(['p2', 'p3']);
  });

  it('stops a next-link loop with an explanation', async () => {
    await expect(
      listAllWebhookEndpoints({
        listWebhookEndpoints: () => Promise.resolve({ items: [], nextHref: 'again' }),
        listWebhookEndpointsByHref: () => Promise.resolve({ items: [], nextHref: 'again' }),
      }),
    ).rejects.toThrow(/more than 20 pages/);
  });
});

describe('ensureWebhookEndpoint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arlo-sync-setup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const created: WebhookEndpointInput[] = [];
  const client = {
    createWebhookEndpoint: (input: WebhookEndpointInput) => {
      created.push(input);
      return Promise.resolve({ ...endpoint('9', input.url), key: 'elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx' });
    },
  };
  beforeEach(() => created.splice(0));

  it('prefers an Active endpoint among several for the same URL', () => {
    expect(findEndpoint([endpoint('1', URL_, 'Inactive'), endpoint('2', URL_)], URL_)?.id).toBe('2');
  });

  it('reuses an endpoint for the same URL when its key is stored, registering nothing', async () => {
    const outcome = await ensureWebhookEndpoint({
      client,
      existing: [endpoint('3', 'https://other.example.org/x'), endpoint('4', URL_)],
      callbackUrl: URL_,
      platform: { name: 'p', webhookKeys: ['YQ=='], webhookKeyFile: path.join(dir, 'p.key') },
      dryRun: false,
    });
    expect(outcome).toMatchObject({ action: 'reused', endpoint: { id: '4' } });
    expect(created).toHaveLength(0);
  });

  it('explains how to rotate when the endpoint exists but its key is not stored', async () => {
    const attempt = ensureWebhookEndpoint({
      client,
      existing: [endpoint('4', URL_)],
      callbackUrl: URL_,
      platform: { name: 'p', webhookKeys: [], webhookKeyFile: path.join(dir, 'p.key') },
      dryRun: false,
    });
    await expect(attempt).rejects.toThrow(OnboardingError);
    await expect(attempt).rejects.toThrow(/delete endpoint 4 in Arlo .* run `arlo-sync setup` again/);
  });

  it('registers a new endpoint for the handled event types and stores its key owner-only', async () => {
    const keyFile = path.join(dir, 'secrets', 'new.webhook-key');
    const outcome = await ensureWebhookEndpoint({
      client,
      existing: [],
      callbackUrl: URL_,
      platform: { name: 'new', webhookKeys: [], webhookKeyFile: keyFile },
      dryRun: false,
    });
    expect(outcome).toMatchObject({ action: 'registered', keyFile, endpoint: { id: '9' } });
    expect(created[0]?.eventTypes).toContain('Contact.Updated');
    expect(readFileSync(keyFile, 'utf8')).toBe('elltZEpnSVBUSmx3YWJ2a3ZrbndWb0cx\n');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('registers nothing in a dry run', async () => {
    const outcome = await ensureWebhookEndpoint({
      client,
      existing: [],
      callbackUrl: URL_,
      platform: { name: 'dry', webhookKeys: [], webhookKeyFile: path.join(dir, 'dry.key') },
      dryRun: true,
    });
    expect(outcome.action).toBe('would-register');
    expect(created).toHaveLength(0);
  });

  it('refuses to register when keys are given directly, since the new key could not be stored', async () => {
    await expect(
      ensureWebhookEndpoint({
        client,
        existing: [],
        callbackUrl: URL_,
        platform: { name: 'env', webhookKeys: ['YQ=='] },
        dryRun: false,
      }),
    ).rejects.toThrow(/ARLO_WEBHOOK_KEYS is set directly/);
    expect(created).toHaveLength(0);
  });
});
