import { AppError } from '@todo/contracts';
import type { Handler, RequestContext } from './context.js';
import { errorResponse } from './errors.js';

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export interface RouteMatch {
  handler: Handler;
  /** The route's pattern, e.g. "/api/v1/tasks/:id", for span names and metrics. */
  pattern: string;
  params: Record<string, string>;
}

/** A small exact-segment router: "/tasks/:id" matches "/tasks/42" with params {id: "42"}. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern, segments: pattern.split('/'), handler });
    return this;
  }

  /** The route for a request, or null when no pattern matches its path; 405 when only the method differs. */
  match(method: string, path: string): RouteMatch | null {
    const parts = path.split('/');
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { handler: route.handler, pattern: route.pattern, params };
      }
    }
    if (!pathMatched) return null;
    const allowed = this.routes
      .filter((route) => matchSegments(route.segments, parts))
      .map((route) => route.method);
    if (allowed.includes('GET')) allowed.push('HEAD');
    const notAllowed = async (_ctx: RequestContext) =>
      errorResponse(
        new AppError('method_not_allowed', `${method} is not allowed here; use ${allowed.join(', ')}`),
        {
          allow: allowed.join(', '),
        },
      );
    return { handler: notAllowed, pattern: path, params: {} };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = parts[i]!;
    if (expected.startsWith(':')) {
      if (!actual) return null;
      params[expected.slice(1)] = safeDecode(actual);
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
