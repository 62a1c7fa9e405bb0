// Prints the production bundle size: raw and gzip (level 9) totals of build/_app, by kind, and the files.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../build', import.meta.url));
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
const rows = walk(join(root, '_app')).map((path) => {
  const body = readFileSync(path);
  return {
    file: relative(root, path),
    kind: extname(path),
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
  };
});
const sum = (list, key) => list.reduce((n, r) => n + r[key], 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const byKind = {};
for (const r of rows) (byKind[r.kind] ??= []).push(r); // no Object.groupBy on Node 20
for (const [kind, list] of Object.entries(byKind))
  console.log(
    `${kind.padEnd(6)} ${String(list.length).padStart(3)} files  raw ${kb(sum(list, 'raw')).padStart(10)}  gzip ${kb(sum(list, 'gzip')).padStart(10)}`,
  );
const index = readFileSync(join(root, 'index.html'));
console.log(
  `index.html           raw ${kb(index.length).padStart(10)}  gzip ${kb(gzipSync(index, { level: 9 }).length).padStart(10)}`,
);
console.log(
  `TOTAL build/_app: ${rows.length} files, raw ${kb(sum(rows, 'raw'))}, gzip ${kb(sum(rows, 'gzip'))} (${sum(rows, 'gzip')} bytes)`,
);
if (process.argv.includes('--files'))
  for (const r of rows.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${kb(r.gzip).padStart(9)}  ${r.file}`);
