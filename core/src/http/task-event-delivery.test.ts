import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '@todo/observability';
import { deliverTaskEvent } from './task-event-delivery.js';
import { taskEventFixture } from '../../../testing/fixtures.js';

const event = taskEventFixture('00000000-0000-4000-8000-0000000000a1', 1);
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
