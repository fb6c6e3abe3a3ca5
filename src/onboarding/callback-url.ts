/**
 * The URL Arlo calls back, from RECEIVER_PUBLIC_URL: an origin (`https://sync.example.org`) gets the
 * receiver's WEBHOOK_PATH appended; a URL with a path is taken as the full callback URL (a reverse proxy
 * may map its own path onto the receiver's).
 */
import type { Config } from '../config';
import { OnboardingError } from './onboarding-error';

export function webhookCallbackUrl(receiver: Pick<Config['receiver'], 'publicUrl' | 'webhookPath'>): string {
  if (!receiver.publicUrl) {
    throw new OnboardingError(
      `RECEIVER_PUBLIC_URL is not set: set it to the https URL where Arlo reaches this receiver (e.g. https://sync.example.org; ${receiver.webhookPath} is appended)`,
    );
  }
  const url = new URL(receiver.publicUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = receiver.webhookPath;
  return url.href;
}

/** Whether two callback URLs name the same endpoint (scheme and host are case-insensitive). */
export function sameCallbackUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
