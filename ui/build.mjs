// Builds the placeholder UI: ui/build/ becomes an exact copy of ui/static/. No dependencies.
// Run from anywhere: `npm run build -w ui` or `node ui/build.mjs`.
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const source = join(root, 'static');
const target = join(root, 'build');

rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });

/** Every file under `dir`, depth first, as paths relative to `dir`. */
function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path).map((child) => join(entry.name, child)) : [entry.name];
  });
}

const files = listFiles(target).sort();
for (const required of ['index.html', 'app.js', 'styles.css']) {
  if (!files.includes(required)) throw new Error(`ui build: ${required} is missing from ${source}`);
}
const bytes = files.reduce((sum, file) => sum + statSync(join(target, file)).size, 0);
console.log(`ui: copied ${files.length} files (${bytes} bytes) to ${relative(process.cwd(), target) || '.'}`);
