// The production bundle's size: every file under build/_app with its raw and gzip (level 9) bytes.
// Used by `npm run size -w @todo/ui` and by perf/ui.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUILD_DIR = fileURLToPath(new URL('../build', import.meta.url));

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );

const measure = (path, root) => {
  const body = readFileSync(path);
  return {
    file: relative(root, path),
    kind: extname(path),
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
  };
};

/** `{files, total: {raw, gzip}, indexHtml}` for the build in `root`. */
export function measureBundle(root = BUILD_DIR) {
  const files = walk(join(root, '_app')).map((path) => measure(path, root));
  const total = files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip }), {
    raw: 0,
    gzip: 0,
  });
  return { files, total, indexHtml: measure(join(root, 'index.html'), root) };
}

export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
