import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The contracts package is the one source of truth for API and frame types. In /work/main/ui this becomes a
// workspace dependency ("@todo/contracts": "*"); the spike points at its sources. Only `import type` is used,
// so nothing of zod reaches the bundle.
const contracts = fileURLToPath(new URL('../main/contracts/src/index.ts', import.meta.url));

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // A client-side app behind an API: no server, every route is the SPA shell (fallback), ssr=false in
    // src/routes/+layout.ts. The gateway answers unknown extension-less paths with index.html.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: false, strict: true }),
    // index.html is served for deep links such as /tasks/123, so asset URLs must be absolute.
    paths: { relative: false },
    alias: { '@todo/contracts': contracts },
    // The gateway's CSP forbids inline scripts; scripts/externalize-boot.mjs moves SvelteKit's inline
    // bootstrap into a file after the build.
    version: { pollInterval: 0 },
  },
};

export default config;
