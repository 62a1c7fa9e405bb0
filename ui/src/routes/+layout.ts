// A client-side app behind an API: nothing to render on a server, nothing to prerender. adapter-static
// writes the SPA shell as build/index.html (the fallback) and the gateway serves it for every page path.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
