import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * The gateway's CSP (style-src 'self') refuses style attributes, and SvelteKit's generated root component gives
 * its route announcer one. Drop it before Svelte compiles the file: src/app.css styles #svelte-announcer instead.
 */
function announcerWithoutInlineStyle(): Plugin {
  return {
    name: 'todo:announcer-without-inline-style',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/.svelte-kit/generated/root.svelte')) return null;
      const out = code.replace(/(<div id="svelte-announcer"[^>]*?)\s+style="[^"]*"/, '$1');
      if (out === code)
        this.warn('SvelteKit announcer markup changed: check the CSP (style-src) in the e2e run');
      return { code: out, map: null };
    },
  };
}

// `npm run dev` serves the UI on :5173 and forwards the API and the socket to a gateway (npm start, :8080),
// so the browser sees one origin and needs no CORS.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [announcerWithoutInlineStyle(), sveltekit(), svelteTesting()],
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/ws': { target: gateway.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    name: 'ui',
    include: ['src/**/*.test.ts'],
    environment: 'jsdom',
  },
});
