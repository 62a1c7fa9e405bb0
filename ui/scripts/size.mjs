// Prints the production bundle size: raw and gzip (level 9) totals of build/_app by kind, then with
// --files each file. Run after `npm run build`.
import { kib, measureBundle } from './bundle-size.mjs';

const { files, total, indexHtml } = measureBundle();
const byKind = {};
for (const f of files) (byKind[f.kind] ??= []).push(f); // no Object.groupBy on Node 20
for (const [kind, list] of Object.entries(byKind)) {
  const raw = list.reduce((n, f) => n + f.raw, 0);
  const gzip = list.reduce((n, f) => n + f.gzip, 0);
  console.log(
    `${kind.padEnd(6)} ${String(list.length).padStart(3)} files  raw ${kib(raw).padStart(10)}  gzip ${kib(gzip).padStart(10)}`,
  );
}
console.log(
  `index.html           raw ${kib(indexHtml.raw).padStart(10)}  gzip ${kib(indexHtml.gzip).padStart(10)}`,
);
console.log(
  `TOTAL build/_app: ${files.length} files, raw ${kib(total.raw)}, gzip ${kib(total.gzip)} (${total.gzip} bytes)`,
);
if (process.argv.includes('--files')) {
  for (const f of files.sort((a, b) => b.gzip - a.gzip))
    console.log(`  ${kib(f.gzip).padStart(9)}  ${f.file}`);
}
