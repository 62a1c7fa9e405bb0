import { taskEventFromEnvelope } from '@todo/contracts';
import { extractContext, SpanKind, withSpan, type Logger } from '@todo/observability';
import type { TaskProjection } from '../ports/task-projection.js';

/** What a Dapr subscriber answers. A handler that throws would be acked as SUCCESS, so none may throw. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

/**
 * Applies one delivered task event to the read model. A duplicate is a success (effect once); a message
 * that is no task event can never succeed and is dropped, loudly; anything else failing is retried.
 */
export async function deliverTaskEvent(
  projection: TaskProjection,
  body: string,
  log: Logger,
): Promise<DeliveryStatus> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    payload = null;
  }
  const event = taskEventFromEnvelope(payload);
  if (!event) {
    log.error({ body: body.slice(0, 500) }, 'dropped a task-events delivery that is not a task event');
    return 'DROP';
  }
  const traceparent = (payload as { traceparent?: unknown }).traceparent;
  return withSpan(
    'task-events process',
    async () => {
      try {
        await projection.apply(event);
        return 'SUCCESS';
      } catch (error) {
        log.warn({ err: error, eventId: event.id }, 'projecting a task event failed; asking for redelivery');
        return 'RETRY';
      }
    },
    {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'task-events' },
      // The CloudEvent carries the producer's trace, so the projection continues it.
      ...(typeof traceparent === 'string' ? { parent: extractContext({ traceparent }) } : {}),
    },
  );
}
