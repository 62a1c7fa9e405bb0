import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from './context.js';
import { StaticFiles } from './static-files.js';

const ctx = (path: string, headers: Record<string, string> = {}): RequestContext => ({
  method: 'GET',
  url: new URL(`http://x${path}`),
  headers: new Headers(headers),
  body: new Uint8Array(),
  ip: '127.0.0.1',
  params: {},
});

describe('StaticFiles', () => {
  let root: string;
  let files: StaticFiles;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'static-files-'));
    await mkdir(join(root, '_app', 'immutable'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(root, 'app.js'), 'console.log("app")');
    await writeFile(join(root, '_app', 'immutable', 'x.js'), 'export const x = 1;');
    await writeFile(join(root, 'notes.unknownext'), 'skipped');
    files = await StaticFiles.load(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads the files with a known type', () => {
    expect(files.size).toBe(3);
    expect(files.serve(ctx('/notes.unknownext'))).toBeNull();
  });

  it('serves a file with its type, an etag and no-cache', async () => {
    const response = files.serve(ctx('/app.js'))!;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log("app")');
  });

  it('gives different files different etags', () => {
    const a = files.serve(ctx('/app.js'))!.headers.get('etag');
    const b = files.serve(ctx('/_app/immutable/x.js'))!.headers.get('etag');
    expect(a).not.toBe(b);
  });

  it.each(['/', '/index.html', '/tasks', '/tasks/42/edit'])('answers %s with index.html', async (path) => {
    const response = files.serve(ctx(path))!;
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>app</title>');
  });

  it('returns null for a missing file with an extension', () => {
    expect(files.serve(ctx('/missing.js'))).toBeNull();
    expect(files.serve(ctx('/_app/immutable/y.js'))).toBeNull();
  });

  it('answers 304 without a body when If-None-Match names the etag', async () => {
    const etag = files.serve(ctx('/app.js'))!.headers.get('etag')!;
    const response = files.serve(ctx('/app.js', { 'if-none-match': etag }))!;
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
    expect(await response.text()).toBe('');
    expect(files.serve(ctx('/app.js', { 'if-none-match': '"other"' }))!.status).toBe(200);
  });

  it('caches hashed assets under /_app/immutable/ for a year', () => {
    const response = files.serve(ctx('/_app/immutable/x.js'))!;
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('does not serve files outside the root', () => {
    expect(files.serve(ctx('/../../etc/passwd.txt'))).toBeNull();
    expect(files.serve(ctx('/%2e%2e/%2e%2e/etc/hosts.txt'))).toBeNull();
  });

  it('is empty when the root does not exist', async () => {
    const none = await StaticFiles.load(join(root, 'does-not-exist'));
    expect(none.size).toBe(0);
    expect(none.serve(ctx('/'))).toBeNull();
    expect(none.serve(ctx('/tasks'))).toBeNull();
  });
});
