import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // A client-side app behind an API: no server, every route is the SPA shell (fallback), ssr=false in
    // src/routes/+layout.ts. The gateway answers unknown extension-less paths with index.html.
    adapter: adapter({
      pages: 'build',
      assets: 'build',
      fallback: 'index.html',
      precompress: false,
      strict: true,
    }),
    // index.html is served for deep links such as /tasks/123, so asset URLs must be absolute.
    paths: { relative: false },
    // The gateway's CSP forbids inline scripts; scripts/externalize-boot.mjs moves SvelteKit's inline
    // bootstrap into a file after the build.
    version: { pollInterval: 0 },
  },
};

export default config;
