import { AppError, HTTP_STATUS } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { json, type Middleware } from './context.js';

export function errorResponse(error: AppError, headers: Record<string, string> = {}): Response {
  return json(error.toBody(), HTTP_STATUS[error.code], headers);
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
