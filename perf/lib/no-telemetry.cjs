'use strict';
// Preloaded into the Artillery CLI (NODE_OPTIONS=--require ...) by run.mjs.
//
// Artillery 2.0.21 sends a "test run" event to PostHog (app.posthog.com) even
// with ARTILLERY_DISABLE_TELEMETRY set (it only strips the properties). This
// benchmark must talk to loopback only, and here the lookup also fails after a
// ~12 s DNS timeout that delays Artillery's exit. So posthog-node is replaced
// by a stub that sends nothing.
const Module = require('node:module');

class PostHog {
  capture() {}
  identify() {}
  flush() {}
  shutdown() {}
  async shutdownAsync() {}
}

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'posthog-node') return { PostHog };
  return originalLoad.call(this, request, ...rest);
};
