import { z } from 'zod';

/** Every error the API returns carries one of these codes; the transport maps each to a status. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'email_taken',
  'version_conflict',
  /** The request does not fit the current state (e.g. snoozing the reminder of a completed task). */
  'conflict',
  'precondition_failed',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The HTTP status that carries each code, at the edge and between services. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  email_taken: 409,
  version_conflict: 409,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export const ApiErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      /** Field path (dot-separated) → what is wrong with it; present for invalid_input. */
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** An expected failure with a stable code; anything else that is thrown is a bug (code `internal`). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ApiErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

/** Turns a zod failure into an `invalid_input` error that names every field problem. */
export function invalidInput(error: z.ZodError, what = 'input'): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'Unknown field';
      continue;
    }
    const path = issue.path.length ? issue.path.join('.') : what;
    fields[path] ??= issue.message;
  }
  const names = Object.keys(fields);
  return new AppError('invalid_input', `Invalid ${what}: ${names.join(', ')}`, fields);
}

/** Parses `value` with `schema`, throwing an `invalid_input` AppError on failure. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, what);
  return result.data;
}

/** The AppError that an `{error: {...}}` body from another service stands for, or null if it is not one. */
export function appErrorFromBody(body: unknown): AppError | null {
  const parsed = ApiErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const { code, message, fields } = parsed.data.error;
  return new AppError(code, message, fields);
}
