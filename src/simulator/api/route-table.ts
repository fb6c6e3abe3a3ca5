/**
 * The API's routes as a table of (method, pattern) → handler. Hand-written rather than @koa/router
 * because the request counters and the fault knobs must know a request's route pattern BEFORE any
 * handler runs (a 429 or a dropped connection still counts against `GET /contacts/:id/`), and the
 * router's own matcher is private API. Patterns are relative to the API root; the trailing slash is
 * optional on requests, as on Arlo.
 */
import type { ApiContext } from './api-context';

export type RouteHandler = (
  ctx: ApiContext,
  params: Readonly<Record<string, string>>,
) => Promise<void> | void;

interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly pattern: string; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

export class RouteTable {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): void {
    this.routes.push({ method, pattern, segments: split(pattern), handler });
  }

  /** `path` relative to the API root, e.g. `contacts/12/`. Earlier routes win (literal before `:param`). */
  match(method: string, path: string): RouteMatch {
    const segments = split(path);
    let pathMatch: { pattern: string; allowed: string[] } | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', route, params };
      }
      pathMatch ??= { pattern: route.pattern, allowed: [] };
      if (route.pattern === pathMatch.pattern) pathMatch.allowed.push(route.method);
    }
    return pathMatch ? { kind: 'method-not-allowed', ...pathMatch } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const value = actual[i] ?? '';
    if (part.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return undefined;
      }
      params[part.slice(1)] = decoded;
    } else if (part !== value.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}
