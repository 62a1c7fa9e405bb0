import type { z } from 'zod';
import { eventFromEnvelope } from '@todo/contracts';

/**
 * The event of `schema` inside a Kafka message (bare, or in the CloudEvent Dapr wraps it in), or null when
 * the message carries none, so the consumer can skip it instead of stalling the partition.
 */
export function decodeEventMessage<S extends z.ZodType>(schema: S, value: Buffer | null): z.output<S> | null {
  if (!value) return null;
  try {
    return eventFromEnvelope(schema, JSON.parse(value.toString('utf8')));
  } catch {
    return null;
  }
}
