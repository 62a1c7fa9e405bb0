import type { NotificationEvent } from '@todo/contracts';
import type { Outbox } from '@todo/platform';

/** `notifier.notifications` as the outbox of notification events, in the order they fired. */
export const notificationOutbox: Outbox<NotificationEvent> = {
  lockKey: 0x7_0d0_0b1,
  // Consumers order by user (per-user sequence numbers; the Kafka key is the user).
  orderKey: (event) => event.userId,
  async claim(tx, limit) {
    const rows = await tx<{ event: NotificationEvent; trace_context: Record<string, string> | null }[]>`
      select event, trace_context from notifier.notifications
      where published_at is null
      order by created_at, id
      limit ${limit}
      for update skip locked`;
    return rows.map(({ event, trace_context }) => ({
      id: event.id,
      payload: event,
      traceContext: trace_context,
    }));
  },
  async markPublished(tx, ids) {
    await tx`update notifier.notifications set published_at = now() where id = any(${ids}::uuid[])`;
  },
  // The inbox keeps notifications: they are the user's record, not a replay buffer.
  async prune() {},
};
