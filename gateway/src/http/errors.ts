import { AppError, type ErrorCode } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { json, type Middleware } from './context.js';

export const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  email_taken: 409,
  version_conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function errorResponse(error: AppError, headers: Record<string, string> = {}): Response {
  return json(error.toBody(), STATUS[error.code], headers);
}

/** Maps AppError to its status; anything else is a bug: logged, and answered with a bland 500. */
export function handleErrors(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      return await next(ctx);
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      log.error({ err: error, method: ctx.method, path: ctx.url.pathname }, 'unhandled error');
      return errorResponse(new AppError('internal', 'Something went wrong on our side'));
    }
  };
}
