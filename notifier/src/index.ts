export { startNotifier, type Notifier, type NotifierConfig } from './compose.js';
export { startNotifierServer, type NotifierServerOptions } from './http/server.js';
export { NotifierEnv } from './config.js';
