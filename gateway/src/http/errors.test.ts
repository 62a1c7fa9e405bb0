import { describe, expect, it, vi } from 'vitest';
import { AppError, type ErrorCode } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import type { RequestContext } from './context.js';
import { handleErrors } from './errors.js';

const ctx: RequestContext = {
  method: 'PATCH',
  url: new URL('http://x/api/v1/tasks/1'),
  headers: new Headers(),
  body: new Uint8Array(),
  ip: '127.0.0.1',
  params: {},
};

function fakeLogger() {
  const log = {
    error: vi.fn(),
    warn: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    trace: vi.fn(),
    fatal: vi.fn(),
  };
  return { log, logger: log as unknown as Logger };
}

const throwing = (error: unknown) => async (): Promise<Response> => {
  throw error;
};

describe('handleErrors', () => {
  it('passes a successful response through', async () => {
    const { logger } = fakeLogger();
    const ok = new Response('ok');
    expect(await handleErrors(logger)(ctx, async () => ok)).toBe(ok);
  });

  it.each<[ErrorCode, number]>([
    ['invalid_input', 400],
    ['unauthenticated', 401],
    ['invalid_credentials', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['email_taken', 409],
    ['version_conflict', 409],
    ['precondition_failed', 412],
    ['payload_too_large', 413],
    ['rate_limited', 429],
    ['unavailable', 503],
  ])('maps AppError %s to %i with its body', async (code, status) => {
    const { log, logger } = fakeLogger();
    const fields = code === 'invalid_input' ? { title: 'Must not be empty' } : undefined;
    const response = await handleErrors(logger)(ctx, throwing(new AppError(code, `oops ${code}`, fields)));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: { code, message: `oops ${code}`, ...(fields ? { fields } : {}) },
    });
    expect(log.error).not.toHaveBeenCalled();
  });

  it('answers any other error with a bland 500 and logs it', async () => {
    const { log, logger } = fakeLogger();
    const bug = new Error('connection string postgres://admin:hunter2@db');
    const response = await handleErrors(logger)(ctx, throwing(bug));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).not.toContain('hunter2');
    expect(body.error.message).not.toContain(bug.message);
    expect(log.error).toHaveBeenCalledOnce();
    expect(log.error.mock.calls[0]![0]).toMatchObject({ err: bug, method: 'PATCH', path: '/api/v1/tasks/1' });
  });

  it('handles a thrown non-Error value too', async () => {
    const { log, logger } = fakeLogger();
    const response = await handleErrors(logger)(ctx, throwing('a string'));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('a string');
    expect(log.error).toHaveBeenCalledOnce();
  });
});
