import { randomUUID } from 'node:crypto';
import type { CoreApi, TaskEvent } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import {
  InProcessBus,
  openDatabase,
  OutboxRelay,
  type BusHandler,
  type DaprPublisherOptions,
} from '@todo/platform';
import { JwtTokenIssuer } from './adapters/crypto/jwt-token-issuer.js';
import { ScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { daprTaskEventPublisher } from './adapters/dapr/task-event-publisher.js';
import { MIGRATIONS } from './adapters/postgres/migrations/index.js';
import { PostgresEventLog } from './adapters/postgres/event-log.js';
import { taskEventOutbox } from './adapters/postgres/task-event-outbox.js';
import { PostgresTaskQueries } from './adapters/postgres/task-queries.js';
import { PostgresTaskStore } from './adapters/postgres/task-store.js';
import { PostgresUserRepository } from './adapters/postgres/user-repository.js';
import { AuthService } from './services/auth-service.js';
import { createCoreApi } from './services/core-api.js';
import { TaskService } from './services/task-service.js';
import { ChatService } from './services/chat/chat-service.js';
import { ChatTools } from './services/chat/chat-tools.js';
import { IntentRunner } from './services/chat/intent-runner.js';
import { OfflineEngine } from './services/chat/offline-engine.js';
import { LlmEngine } from './services/chat/llm-engine.js';
import type { ChatEngine } from './services/chat/engine.js';
import type { LlmConfig } from './adapters/llm/openai-chat-client.js';
import { parseMessage } from './domain/chat/parser.js';
import { PostgresConversationStore } from './adapters/postgres/conversation-store.js';
import { DaprConversationStore } from './adapters/dapr/dapr-conversation-store.js';
import type { Clock } from './ports/runtime.js';

export interface CoreConfig {
  /** A PostgreSQL server; without one, PGlite runs in-process under `pgliteDir`. */
  databaseUrl?: string;
  /** Where PGlite keeps its files ("memory://" keeps nothing); needed without `databaseUrl`. */
  pgliteDir?: string;
  jwtSecret: Uint8Array;
  jwtTtlSeconds: number;
  /** For users who sign up without naming a zone. */
  defaultTimeZone: string;
  log: Logger;
  /** Defaults to the system clock; tests pin it. */
  clock?: Clock;
  /**
   * In-process consumers that must see every event, attached before the relay starts (a later
   * `subscribe` misses what the relay sends at startup, which suits a consumer that can replay).
   */
  subscribers?: Array<BusHandler<TaskEvent>>;
  /** An OpenAI-compatible model for the assistant; without it, the offline engine answers alone. */
  llm?: LlmConfig;
  /**
   * The dapr runtime: committed task events go out through Dapr pub/sub, and conversations live in Dapr's
   * state store `stateStore`. Without it, events go to the in-process bus and conversations to the database.
   */
  dapr?: DaprPublisherOptions & { stateStore: string };
}

export interface Core {
  api: CoreApi;
  /** Task events after they commit, in per-user order, at least once (in-process only: none arrive when they go through Dapr). */
  subscribe(handler: BusHandler<TaskEvent>): () => void;
  stop(): Promise<void>;
}

/**
 * The composition root of core: PostgreSQL SQL (PGlite by default), and its committed events relayed from
 * the outbox either to the in-process bus (embedded runtime) or through Dapr pub/sub (dapr runtime).
 */
export async function startCore(config: CoreConfig): Promise<Core> {
  const { log } = config;
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: config.pgliteDir,
    application: 'todo-core',
    migrations: MIGRATIONS,
    migrationsTable: 'schema_migrations',
    log,
  });
  const { sql } = database;

  const bus = new InProcessBus<TaskEvent>(log, 'task event');
  for (const subscriber of config.subscribers ?? []) bus.subscribe(subscriber);
  const publisher = config.dapr ? daprTaskEventPublisher(config.dapr) : bus;
  const relay = new OutboxRelay(sql, taskEventOutbox, (event) => publisher.publish(event), log);
  const clock = config.clock ?? { now: () => new Date() };
  const ids = { next: () => randomUUID() };
  const users = new PostgresUserRepository(sql);
  const tasks = new TaskService({
    store: new PostgresTaskStore(sql, () => relay.kick()),
    queries: new PostgresTaskQueries(sql),
    users,
    clock,
    ids,
  });
  const api = createCoreApi({
    auth: new AuthService({
      users,
      hasher: new ScryptPasswordHasher(),
      tokens: new JwtTokenIssuer(config.jwtSecret, config.jwtTtlSeconds),
      clock,
      ids,
      defaultTimeZone: config.defaultTimeZone,
    }),
    tasks,
    chat: new ChatService({
      engine: chatEngine(tasks, config),
      conversations: config.dapr
        ? new DaprConversationStore({
            daprHttpPort: config.dapr.daprHttpPort,
            storeName: config.dapr.stateStore,
          })
        : new PostgresConversationStore(sql),
      users,
      clock,
    }),
    events: new PostgresEventLog(sql),
    health: { check: async () => void (await sql`select 1`) },
  });
  relay.start();

  return {
    api,
    subscribe: (handler) => bus.subscribe(handler),
    async stop() {
      await relay.stop();
      await database.stop();
    },
  };
}

/** The offline engine, or the LLM engine with the offline one behind it when a model is configured. */
function chatEngine(tasks: TaskService, config: CoreConfig): ChatEngine {
  const runner = new IntentRunner(new ChatTools(tasks));
  const offline = new OfflineEngine(runner, parseMessage);
  return config.llm ? new LlmEngine(config.llm, runner, offline, config.log) : offline;
}
