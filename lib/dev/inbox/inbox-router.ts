/** A small path router for the inbox: segment patterns (`api/messages/:id`) to handlers, per method. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler gets: the request, the response, the `:name` segments decoded, and the query. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** A route: method, pattern under the mount path (`''` for the root), handler. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  handle(context: RouteContext): Promise<void> | void;
}

/** The outcome of matching a path: a route and its params, or the methods the path allows (none: unknown path). */
export type RouteMatch = { route: Route; params: Record<string, string> } | { route?: undefined; allowed: string[] };

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern === '' ? [] : pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = segments[index];
    else if (part !== segments[index]) return undefined;
  }
  return params;
}

/**
 * Finds the route for `method` and the decoded path `segments`. HEAD is served as GET (Node leaves the body out).
 */
export function matchRoute(routes: readonly Route[], method: string, segments: string[]): RouteMatch {
  const asked = method === 'HEAD' ? 'GET' : method;
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method === asked) return { route, params };
    allowed.push(route.method);
  }
  return { allowed };
}

/**
 * The decoded segments of a path below the mount path; a trailing slash is ignored. Undefined for a segment
 * that is not valid percent-encoding.
 */
export function pathSegments(rest: string): string[] | undefined {
  try {
    return rest.split('/').filter((part, index, all) => index > 0 && !(part === '' && index === all.length - 1)).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
