import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { RequestContext } from './context.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The UI loads nothing from elsewhere and runs no inline code. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

interface StaticFile {
  body: Uint8Array;
  type: string;
  etag: string;
  cacheControl: string;
}

/**
 * The built UI, read into memory once at start (it is small). Unknown paths without a file extension get
 * index.html, so client-side routes load the app; SvelteKit's hashed assets are cached for a year.
 */
export class StaticFiles {
  private constructor(private readonly files: Map<string, StaticFile>) {}

  static async load(root: string): Promise<StaticFiles> {
    const files = new Map<string, StaticFile>();
    let entries: string[] = [];
    try {
      entries = await readdir(root, { recursive: true });
    } catch {
      // No build yet: API only.
    }
    for (const entry of entries) {
      const type = TYPES[extname(entry)];
      if (!type) continue;
      const body = await readFile(join(root, entry)).catch(() => null);
      if (!body) continue;
      const path = '/' + relative(root, join(root, entry)).split(sep).join('/');
      files.set(path, {
        body,
        type,
        etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
        cacheControl: path.includes('/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    return new StaticFiles(files);
  }

  get size(): number {
    return this.files.size;
  }

  /** The response for a GET of `ctx.url`, or null when there is no such file. */
  serve(ctx: RequestContext): Response | null {
    const path = ctx.url.pathname === '/' ? '/index.html' : ctx.url.pathname;
    const file = this.files.get(path) ?? (extname(path) ? undefined : this.files.get('/index.html'));
    if (!file) return null;
    const headers = {
      'content-type': file.type,
      etag: file.etag,
      'cache-control': file.cacheControl,
      'x-content-type-options': 'nosniff',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'same-origin',
    };
    if (ctx.headers.get('if-none-match') === file.etag) return new Response(null, { status: 304, headers });
    return new Response(file.body, { headers });
  }
}
