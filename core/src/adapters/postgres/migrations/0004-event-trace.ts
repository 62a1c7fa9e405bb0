export default `
-- The W3C trace context of the change that wrote the event, so the relay publishes it in that trace.
alter table task_events add column trace_context jsonb;
`;
