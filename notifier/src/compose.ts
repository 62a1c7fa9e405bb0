import { randomUUID } from 'node:crypto';
import type { NotificationEvent, NotifierApi, TaskEvent } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import {
  DaprEventPublisher,
  InProcessBus,
  openDatabase,
  OutboxRelay,
  type BusHandler,
  type DaprPublisherOptions,
} from '@todo/platform';
import { DaprReminderJobs } from './adapters/dapr/dapr-reminder-jobs.js';
import { PostgresDeadLetterStore } from './adapters/postgres/dead-letter-store.js';
import { MIGRATIONS } from './adapters/postgres/migrations.js';
import { notificationOutbox } from './adapters/postgres/notification-outbox.js';
import { PostgresReminderJobStore } from './adapters/postgres/reminder-job-store.js';
import { PostgresReminderStore } from './adapters/postgres/reminder-store.js';
import { PostgresWebhookStore } from './adapters/postgres/webhook-store.js';
import { DeadLetters } from './services/dead-letters.js';
import { NotifierService } from './services/notifier-service.js';
import { ReminderClock } from './services/reminder-clock.js';
import { ReminderJobSync } from './services/reminder-job-sync.js';
import { WebhookDispatcher, type WebhookDeliveryOptions } from './services/webhook-dispatcher.js';

export interface NotifierConfig {
  /** A PostgreSQL server; without one, PGlite runs in-process under `pgliteDir` (its own, not core's). */
  databaseUrl?: string;
  pgliteDir?: string;
  log: Logger;
  /** Defaults to the system clock; tests pin it. */
  clock?: { now(): Date };
  /** How often the in-process clocks sweep (default 5 s); with Dapr, the cron binding sweeps reminders. */
  sweepEveryMs?: number;
  /**
   * The dapr runtime: notification events go out through Dapr pub/sub and reminders are timed by Dapr jobs.
   * Without it, events go to the in-process bus and an in-process timer times reminders.
   */
  dapr?: DaprPublisherOptions;
  /** Webhook retries and timeout (tests shorten the backoff). */
  webhooks?: WebhookDeliveryOptions;
}

export interface Notifier {
  api: NotifierApi;
  /** Applies a task event, effect once however often it arrives; throws when it should be sent again. */
  applyTaskEvent(event: TaskEvent): Promise<void>;
  /** Task events the subscription dead-lettered: kept, and replayed on demand. */
  deadLetters: Pick<DeadLetters, 'receive' | 'replay'>;
  /** Fires the reminder a Dapr job is named after, once: false when it is gone or fired already. */
  fireReminderJob(jobName: string): Promise<boolean>;
  /** Notification events after they commit, at least once (in-process only: none arrive when they go through Dapr). */
  subscribe(handler: BusHandler<NotificationEvent>): () => void;
  /** Fires what is due now (the cron binding's sweep), in the background. */
  sweep(): void;
  stop(): Promise<void>;
}

/** How many reminders one claim fires at most. */
const FIRE_BATCH = 500;

/**
 * The composition root of the notifier: its schedule, ledger and inbox in its own database; reminders
 * timed in-process (embedded runtime) or by Dapr jobs (dapr runtime), and swept either way; notifications
 * relayed from its outbox to the in-process bus or through Dapr pub/sub.
 */
export async function startNotifier(config: NotifierConfig): Promise<Notifier> {
  const { log } = config;
  const clock = config.clock ?? { now: () => new Date() };
  const sweepEveryMs = config.sweepEveryMs ?? 5_000;
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: config.pgliteDir,
    application: 'todo-notifier',
    migrations: MIGRATIONS,
    migrationsTable: 'notifier_migrations',
    log,
  });
  const bus = new InProcessBus<NotificationEvent>(log, 'notification');
  const publisher = config.dapr ? daprNotificationPublisher(config.dapr) : bus;
  const relay = new OutboxRelay(database.sql, notificationOutbox, (event) => publisher.publish(event), log);
  const webhookStore = new PostgresWebhookStore(database.sql);
  const dispatcher = new WebhookDispatcher({
    ...config.webhooks,
    store: webhookStore,
    now: () => clock.now(),
    log,
  });
  // The webhook channel runs on a clock of its own: a timer for the next attempt, and the sweep.
  const webhookClock = new ReminderClock({
    fireDue: () => dispatcher.deliverDue(),
    nextFireAt: () => dispatcher.nextAttemptAt(),
    now: () => clock.now(),
    log,
    sweepEveryMs,
    what: 'webhook deliveries',
  });
  const store = new PostgresReminderStore(database.sql, () => {
    relay.kick();
    webhookClock.wake();
  });
  const jobSync =
    config.dapr &&
    new ReminderJobSync({
      store: new PostgresReminderJobStore(database.sql),
      jobs: new DaprReminderJobs({ daprHttpPort: config.dapr.daprHttpPort }),
      log,
    });
  // With jobs, the clock only sweeps, when the cron binding says so.
  const reminderClock = new ReminderClock({
    fireDue: async () => (await store.fireDue(clock.now(), FIRE_BATCH, randomUUID)).length,
    nextFireAt: jobSync ? undefined : () => store.nextFireAt(),
    now: () => clock.now(),
    log,
    sweepEveryMs: jobSync ? undefined : sweepEveryMs,
  });
  const service = new NotifierService({
    store,
    webhooks: webhookStore,
    clock,
    scheduleChanged: () => (jobSync ? jobSync.kick() : reminderClock.wake()),
  });
  relay.start();
  reminderClock.start();
  webhookClock.start();
  jobSync?.kick();

  return {
    api: service,
    applyTaskEvent: (event) => service.applyTaskEvent(event),
    deadLetters: new DeadLetters({
      store: new PostgresDeadLetterStore(database.sql),
      apply: (event) => service.applyTaskEvent(event),
      now: () => clock.now(),
      log,
    }),
    fireReminderJob: (jobName) => service.fireReminderJob(jobName),
    subscribe: (handler) => bus.subscribe(handler),
    sweep: () => {
      reminderClock.wake();
      webhookClock.wake();
      // Jobs a failed call left unscheduled get another chance.
      jobSync?.kick();
    },
    async stop() {
      await jobSync?.stop();
      await reminderClock.stop();
      await webhookClock.stop();
      await relay.stop();
      await database.stop();
    },
  };
}

/** Notification events through Dapr pub/sub: `subject` = the task, keyed by user (per-user order). */
function daprNotificationPublisher(options: DaprPublisherOptions): DaprEventPublisher<NotificationEvent> {
  return new DaprEventPublisher<NotificationEvent>({
    ...options,
    source: 'notifier',
    envelope: (event) => ({
      id: event.id,
      type: event.type,
      subject: event.notification.taskId,
      key: event.userId,
      time: event.occurredAt,
    }),
  });
}
