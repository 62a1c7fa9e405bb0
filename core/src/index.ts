export { startCore, type Core, type CoreConfig } from './compose.js';
export { JWT_ISSUER } from './adapters/crypto/jwt-token-issuer.js';
export type { Clock } from './ports/runtime.js';
export { startCoreServer, type CoreServer, type CoreServerOptions } from './http/server.js';
export { LlmSettings, llmConfig } from './llm-settings.js';
export { CoreEnv } from './config.js';
