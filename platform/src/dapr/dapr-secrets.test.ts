import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDaprSecret } from './dapr-secrets.js';

/** A stand-in for a sidecar's secrets API: GET /v1.0/secrets/<store>/<name> → the secret's keys. */
const stores: Record<string, Record<string, Record<string, string>>> = {
  // The local file store: each key is a secret of its own.
  local: { 'jwt-secret': { 'jwt-secret': 'j' }, 'database-url': { 'database-url': 'postgres://x' } },
  // The Kubernetes store: one Secret holds every key.
  kubernetes: { 'todo-chatbot': { 'jwt-secret': 'k', 'database-url': 'postgres://y' } },
};
let server: Server;
let daprHttpPort: number;
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url!);
    const [, , , store, name] = req.url!.split('/');
    const secret = stores[store!]?.[decodeURIComponent(name!)];
    if (!secret) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorCode: 'ERR_SECRET_GET', message: `no secret ${name}` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(secret));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  daprHttpPort = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('readDaprSecret', () => {
  it('reads a key that names its own secret', async () => {
    expect(await readDaprSecret({ daprHttpPort, store: 'local', key: 'database-url' })).toBe('postgres://x');
    expect(asked.at(-1)).toBe('/v1.0/secrets/local/database-url');
  });

  it('reads a key from the secret that holds several', async () => {
    const request = { daprHttpPort, store: 'kubernetes', name: 'todo-chatbot' };
    expect(await readDaprSecret({ ...request, key: 'jwt-secret' })).toBe('k');
    expect(await readDaprSecret({ ...request, key: 'database-url' })).toBe('postgres://y');
    expect(asked.at(-1)).toBe('/v1.0/secrets/kubernetes/todo-chatbot');
  });

  it('answers undefined for an optional key the secret lacks, and says which key and secret a required one was', async () => {
    const request = { daprHttpPort, store: 'kubernetes', name: 'todo-chatbot', key: 'llm-api-key' };
    expect(await readDaprSecret({ ...request, optional: true })).toBeUndefined();
    await expect(readDaprSecret({ ...request, timeoutMs: 300 })).rejects.toThrow(
      'Could not read key llm-api-key of secret todo-chatbot from Dapr store kubernetes in 300 ms: key llm-api-key of secret todo-chatbot is missing or empty',
    );
  });

  it("passes on the store's answer when the secret is not there", async () => {
    await expect(
      readDaprSecret({ daprHttpPort, store: 'local', key: 'nope', timeoutMs: 300 }),
    ).rejects.toThrow(/^Could not read secret nope from Dapr store local in 300 ms: 500 .*no secret nope/);
  });
});
