import type { Migration } from '@todo/platform';

/** The notifier's own tables, in its own schema: it shares no table with core. */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-reminders',
    sql: `
create schema if not exists notifier;

-- What the notifier knows of each task, from its events: enough to word a notification, and the latest
-- sequence number applied, so a late or repeated event changes nothing.
create table notifier.tasks (
  task_id uuid primary key,
  user_id uuid not null,
  last_seq bigint not null,
  title text not null,
  due_at timestamptz(3),
  time_zone text not null,
  open boolean not null
);

-- The schedule, and the delivery ledger: a reminder fires once per time it is due (fired_at set in the
-- transaction that claims it), however often its task's events arrive and however many notifiers run.
create table notifier.reminders (
  id uuid primary key,
  task_id uuid not null,
  user_id uuid not null,
  reminder_key text not null,
  reminder jsonb not null,
  fire_at timestamptz(3) not null,
  fired_at timestamptz(3),
  unique (task_id, reminder_key, fire_at)
);
create index reminders_pending on notifier.reminders (fire_at) where fired_at is null;

-- The inbox, and the outbox of notification events (published_at).
create table notifier.notifications (
  id uuid primary key,
  user_id uuid not null,
  reminder_id uuid not null unique references notifier.reminders (id),
  event jsonb not null,
  created_at timestamptz(3) not null,
  read_at timestamptz(3),
  published_at timestamptz(3)
);
create index notifications_by_user on notifier.notifications (user_id, created_at desc);
create index notifications_unpublished on notifier.notifications (created_at) where published_at is null;
`,
  },
  {
    id: '0002-webhooks',
    sql: `
-- A user's webhook: the second channel. The secret signs each body (HMAC-SHA256).
create table notifier.webhooks (
  user_id uuid primary key,
  url text not null,
  secret text not null,
  created_at timestamptz(3) not null
);

-- The delivery ledger of the webhook channel: one row per notification, made in the transaction that
-- fires it (when the user has a webhook), so it is delivered once however the events and notifiers go.
-- A claim leases the row (next_attempt_at moves past the request timeout) before the POST.
create table notifier.webhook_deliveries (
  notification_id uuid primary key references notifier.notifications (id),
  user_id uuid not null references notifier.webhooks (user_id) on delete cascade,
  attempts int not null default 0,
  next_attempt_at timestamptz(3) not null,
  delivered_at timestamptz(3),
  last_error text
);
create index webhook_deliveries_pending on notifier.webhook_deliveries (next_attempt_at)
  where delivered_at is null;
`,
  },
  {
    id: '0003-reminder-jobs',
    sql: `
-- The dapr runtime times each pending reminder with a Dapr job. The rows are the truth and the jobs follow
-- them, like an outbox: job_scheduled_at is set once the scheduler has the job (a row without it is due to
-- be scheduled), and a scheduled row that is deleted leaves its id here until its job is deleted. A job
-- that fires for a row that is gone or already fired does nothing, so neither list has to be exact.
alter table notifier.reminders add column job_scheduled_at timestamptz(3);
create index reminders_job_unscheduled on notifier.reminders (fire_at)
  where fired_at is null and job_scheduled_at is null;
create table notifier.reminder_job_cancellations (
  reminder_id uuid primary key,
  created_at timestamptz(3) not null default now()
);
`,
  },
  {
    id: '0004-notification-trace',
    sql: `
-- The W3C trace context of the firing (a job's callback, a sweep), so the relay publishes it in that trace.
alter table notifier.notifications add column trace_context jsonb;
`,
  },
  {
    id: '0005-dead-letters',
    sql: `
-- Task events the subscription gave up on (the dead-letter topic's deliveries), kept until replayed.
create table notifier.dead_letters (
  id text primary key,
  topic text not null,
  envelope jsonb not null,
  received_at timestamptz(3) not null,
  replayed_at timestamptz(3)
);
create index dead_letters_pending on notifier.dead_letters (received_at) where replayed_at is null;
`,
  },
];
