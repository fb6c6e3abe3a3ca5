import { badRequest } from '../api-error';
import type { ApiContext } from './api-context';

export interface Page {
  readonly skip: number;
  readonly top: number;
}

/** `skip` (default 0) and `top` (default 100, clamped to the configured maximum, 250 like Arlo's plugin). */
export function readPage(ctx: ApiContext, defaults: { defaultTop: number; maxTop: number }): Page {
  const skip = integerParameter(ctx, 'skip', 0, 0);
  const top = integerParameter(ctx, 'top', defaults.defaultTop, 1);
  return { skip, top: Math.min(top, defaults.maxTop) };
}

function integerParameter(ctx: ApiContext, name: string, fallback: number, min: number): number {
  const raw = single(ctx, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) {
    throw badRequest(
      'InvalidParameter',
      `${name} must be an integer of at least ${min}, not "${raw.slice(0, 40)}"`,
    );
  }
  return Number(raw);
}

/** One query parameter; a repeated one is ambiguous and refused. Names are case-insensitive. */
export function single(ctx: ApiContext, name: string): string | undefined {
  const values = Object.entries(ctx.query)
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value ?? '']));
  if (values.length > 1) throw badRequest('InvalidParameter', `${name} is given ${values.length} times`);
  return values[0];
}

/** The same query with `skip` moved on: every other parameter (filter, orderby, expand, top) is kept. */
export function nextHref(baseHref: string, ctx: ApiContext, skip: number): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(ctx.query)) {
    if (key.toLowerCase() === 'skip') continue;
    for (const v of Array.isArray(value) ? value : [value ?? '']) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
    }
  }
  parts.push(`skip=${skip}`);
  return `${baseHref}?${parts.join('&')}`;
}

/** Applies paging to a sorted list: the page and the next href (absent on the last page). */
export function paginate<T>(
  items: readonly T[],
  page: Page,
  baseHref: string,
  ctx: ApiContext,
): { items: T[]; next: string | undefined } {
  const end = page.skip + page.top;
  return {
    items: items.slice(page.skip, end),
    next: end < items.length ? nextHref(baseHref, ctx, end) : undefined,
  };
}
