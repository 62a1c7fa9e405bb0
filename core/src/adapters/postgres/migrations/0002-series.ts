export default `
-- Recurring tasks: each occurrence is its own task, in a series named after its first task.
alter table tasks
  add column series_id uuid,
  add column series_start timestamptz(3),
  add column series_occurrence integer;
update tasks set series_id = id, series_start = due_at, series_occurrence = 1
  where recurrence is not null and due_at is not null;
-- One task per occurrence: completing one twice, or twice at once, makes its successor once.
create unique index tasks_series_occurrence on tasks (series_id, series_occurrence) where series_id is not null;
`;
