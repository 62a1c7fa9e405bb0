import { describe, expect, it, vi } from 'vitest';
import type { TaskEvent } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { deliverTaskEvent } from './task-event-delivery.js';

const event = {
  id: '00000000-0000-4000-8000-0000000000e1',
  type: 'task.created',
  userId: '00000000-0000-4000-8000-0000000000a1',
  seq: 1,
  actor: '00000000-0000-4000-8000-0000000000a1',
  occurredAt: '2026-11-24T10:00:00.000Z',
  task: {
    id: '00000000-0000-4000-8000-0000000000d1',
    title: 'x',
    description: '',
    priority: 'none',
    tags: [],
    status: 'open',
    dueAt: null,
    timezone: 'UTC',
    reminders: [],
    recurrence: null,
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    completedAt: null,
    version: 1,
  },
} satisfies TaskEvent;
const log = { error: vi.fn(), warn: vi.fn() } as unknown as Logger;
const cloudEvent = JSON.stringify({ specversion: '1.0', type: 'task.created', data: event });

describe('deliverTaskEvent', () => {
  it('answers SUCCESS for an applied event and for a duplicate alike', async () => {
    for (const outcome of ['applied', 'duplicate'] as const) {
      const apply = vi.fn(async () => outcome);
      expect(await deliverTaskEvent({ apply }, cloudEvent, log)).toBe('SUCCESS');
      expect(apply).toHaveBeenCalledWith(event);
    }
  });

  it('asks for redelivery when applying fails, instead of letting the error ack the message', async () => {
    const apply = vi.fn(async () => {
      throw new Error('database unavailable');
    });
    expect(await deliverTaskEvent({ apply }, cloudEvent, log)).toBe('RETRY');
  });

  it('drops, and logs, what can never be applied', async () => {
    const apply = vi.fn();
    for (const body of ['not json', JSON.stringify({ specversion: '1.0', data: { hello: 1 } }), '']) {
      expect(await deliverTaskEvent({ apply }, body, log)).toBe('DROP');
    }
    expect(apply).not.toHaveBeenCalled();
    expect(log.error).toHaveBeenCalledTimes(3);
  });
});
