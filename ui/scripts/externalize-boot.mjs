// After `vite build`: the gateway sends `Content-Security-Policy: script-src 'self'`, which refuses the inline
// bootstrap <script> that SvelteKit writes into build/index.html. Move each inline script into a content-hashed
// file under _app/immutable/ (cached for a year by the gateway) and load it with <script src>. It stays a
// classic script in the same place, so `document.currentScript.parentElement` (the mount target) still works.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
const file = join(build, 'index.html');
let html = readFileSync(file, 'utf8');
let moved = 0;
html = html.replace(/<script>([\s\S]*?)<\/script>/g, (_all, code) => {
  const name = `boot.${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
  writeFileSync(join(build, '_app', 'immutable', name), code.trim() + '\n');
  moved++;
  return `<script src="/_app/immutable/${name}"></script>`;
});
if (moved === 0)
  throw new Error(
    'externalize-boot: no inline <script> in build/index.html — did SvelteKit change its output?',
  );
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error('externalize-boot: an inline script is left');
if (/\sstyle="/.test(html))
  console.warn('externalize-boot: index.html has a style attribute; the CSP refuses it');
writeFileSync(file, html);
console.log(`externalize-boot: moved ${moved} inline script(s) out of index.html`);
