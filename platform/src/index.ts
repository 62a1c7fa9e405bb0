export {
  connectDatabase,
  dbSpan,
  migrate,
  type Fragment,
  type Migration,
  type Sql,
  type Transaction,
} from './database.js';
export { OutboxRelay, type Outbox, type OutboxRelayOptions, type OutboxRow } from './outbox-relay.js';
export { startPgliteServer, type PgliteServer } from './pglite-server.js';
export { InProcessBus, type BusHandler } from './in-process-bus.js';
export { openDatabase, type Database, type DatabaseOptions } from './open-database.js';
export { startRpcServer, type RouteHandler, type RpcServer, type RpcServerOptions } from './rpc-server.js';
export {
  DaprEventPublisher,
  type DaprPublisherOptions,
  type EventEnvelope,
} from './dapr/dapr-event-publisher.js';
export { readDaprSecret, type SecretRequest } from './dapr/dapr-secrets.js';
export { daprFetch, type DaprRequestInit } from './dapr/dapr-http.js';
export { parseEnv } from './env.js';
export { CoalescingTask } from './coalescing-task.js';
