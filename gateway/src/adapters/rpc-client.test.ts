import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@todo/contracts';
import { createRpcClient } from './rpc-client.js';

interface EchoApi {
  echo(actor: { userId: string }, text: string, optional?: number): Promise<unknown>;
  ping(): Promise<void>;
}

const reply = (status: number, body: unknown) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

function client(answer: () => Promise<Response>) {
  const fetch = vi.fn<typeof globalThis.fetch>(answer);
  const api = createRpcClient<EchoApi>('echo', ['echo', 'ping'], { baseUrl: 'http://sidecar/echo', fetch });
  return { api, fetch };
}

describe('createRpcClient', () => {
  it('posts each call as {args} to <baseUrl>/<method> and returns the result', async () => {
    const { api, fetch } = client(async () => reply(200, { result: { said: 'hi' } }));
    expect(await api.echo({ userId: 'u1' }, 'hi', undefined)).toEqual({ said: 'hi' });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://sidecar/echo/echo');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['content-type']).toBe('application/json');
    // JSON has no undefined: the server reads null as "not given".
    expect(JSON.parse(String(init?.body))).toEqual({ args: [{ userId: 'u1' }, 'hi', null] });
  });

  it('has exactly the listed methods', () => {
    const { api } = client(async () => reply(200, { result: null }));
    expect(Object.keys(api).sort()).toEqual(['echo', 'ping']);
  });

  it("rebuilds the service's AppError, fields and all", async () => {
    const body = {
      error: { code: 'invalid_input', message: 'Invalid input: until', fields: { until: 'No' } },
    };
    const { api } = client(async () => reply(400, body));
    const failure = await api.echo({ userId: 'u1' }, 'x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'invalid_input', fields: { until: 'No' } });
  });

  it('calls a reply that is not an error body unavailable, naming the service and the status', async () => {
    const { api } = client(async () => reply(502, 'Bad Gateway'));
    await expect(api.ping()).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Echo answered ping with 502',
    });
  });

  it('gives each call its method’s time, or the default', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(
      (_url, init) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve(reply(200, { result: 'late' })), 200);
          init!.signal!.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(init!.signal!.reason as Error);
          });
        }),
    );
    const api = createRpcClient<EchoApi>('echo', ['echo', 'ping'], {
      baseUrl: 'http://sidecar/echo',
      timeoutMs: 50,
      methodTimeoutsMs: { echo: 1_000 },
      fetch,
    });
    await expect(api.ping()).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^Echo did not answer ping: /),
    });
    expect(await api.echo({ userId: 'u1' }, 'slow')).toBe('late');
  });

  it('calls a service that does not answer unavailable', async () => {
    const { api } = client(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(api.ping()).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Echo did not answer ping: fetch failed',
    });
  });
});
