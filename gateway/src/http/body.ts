import { AppError } from '@todo/contracts';
import type { RequestContext } from './context.js';

/**
 * The JSON body of a request; an empty body is `{}`. `T` names the shape core expects: core validates it,
 * the gateway only checks that it is JSON.
 */
export function readJson<T = unknown>(ctx: RequestContext): T {
  if (ctx.body.length === 0) return {} as T;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(ctx.body));
  } catch {
    throw new AppError('invalid_input', 'The body must be JSON (UTF-8)', { body: 'Not valid JSON' });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `:id` path parameter, which must be a UUID; `what` names it in the error ("task"). */
export function uuidParam(ctx: RequestContext, what: string): string {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) throw new AppError('invalid_input', `Invalid ${what} id`, { id: 'Must be a UUID' });
  return id.toLowerCase();
}

export const taskIdParam = (ctx: RequestContext): string => uuidParam(ctx, 'task');

/** The version named by `If-Match` (`3`, `"3"` or `W/"3"`), if any. */
export function ifMatchVersion(ctx: RequestContext): number | undefined {
  const header = ctx.headers.get('if-match');
  if (header === null) return undefined;
  const match = /^\s*(?:W\/"(\d{1,9})"|"(\d{1,9})"|(\d{1,9}))\s*$/.exec(header);
  if (!match) {
    throw new AppError('invalid_input', 'If-Match must name a task version, e.g. "3"', {
      'if-match': 'Not a version',
    });
  }
  return Number(match[1] ?? match[2] ?? match[3]);
}

/** Query parameters as a plain object; a repeated parameter is rejected rather than half-read. */
export function queryObject(ctx: RequestContext): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  for (const [key, value] of ctx.url.searchParams) {
    if (Object.hasOwn(query, key))
      throw new AppError('invalid_input', `Invalid query: ${key}`, { [key]: 'Give it once' });
    query[key] = value;
  }
  return query;
}
