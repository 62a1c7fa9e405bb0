export default `
create table users (
  id uuid primary key,
  email text not null unique,
  name text,
  timezone text not null,
  password_hash text not null,
  created_at timestamptz(3) not null,
  -- The sequence number of this user's latest task event; bumped in the transaction that writes it.
  event_seq bigint not null default 0
);

create table tasks (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  title text not null,
  description text not null default '',
  priority text not null check (priority in ('none', 'low', 'medium', 'high')),
  priority_rank smallint not null,
  tags text[] not null default '{}',
  status text not null check (status in ('open', 'done')),
  due_at timestamptz(3),
  timezone text not null,
  reminders jsonb not null default '[]',
  recurrence jsonb,
  created_at timestamptz(3) not null,
  updated_at timestamptz(3) not null,
  completed_at timestamptz(3),
  version integer not null,
  -- English stems ("reports" finds "report") plus the words as written (so "quarterl" prefix-finds "quarterly").
  search tsvector generated always as (
    setweight(to_tsvector('english', title) || to_tsvector('simple', title), 'A')
    || setweight(to_tsvector('english', description) || to_tsvector('simple', description), 'B')
  ) stored
);
create index tasks_by_due on tasks (user_id, status, due_at);
create index tasks_by_created on tasks (user_id, created_at, id);
create index tasks_by_tags on tasks using gin (tags);
create index tasks_by_search on tasks using gin (search);

-- The outbox and replay log: one row per task change, written in the change's own transaction.
create table task_events (
  user_id uuid not null,
  seq bigint not null,
  id uuid not null unique,
  type text not null,
  payload jsonb not null,
  created_at timestamptz(3) not null,
  published_at timestamptz(3),
  primary key (user_id, seq)
);
create index task_events_unpublished on task_events (user_id, seq) where published_at is null;
`;
