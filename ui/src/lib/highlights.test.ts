import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Task, TaskEvent } from '@todo/contracts';
import { Highlights } from './highlights.svelte';

const event = (type: TaskEvent['type'], id = 't1', title = 'buy milk') =>
  ({ type, task: { id, title } as Task }) as TaskEvent;

describe('Highlights', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('highlights a change from elsewhere for a moment and says it in words', () => {
    const highlights = new Highlights();
    highlights.note(event('task.completed'));
    expect(highlights.ids.has('t1')).toBe(true);
    expect(highlights.announcement).toBe('“buy milk” was completed elsewhere');
    vi.advanceTimersByTime(2600);
    expect(highlights.ids.has('t1')).toBe(false);
  });

  it("leaves out the echo of this tab's own change, but not a later change of the same task", () => {
    const highlights = new Highlights();
    highlights.ownChange('t1');
    highlights.note(event('task.updated'));
    expect(highlights.ids.size).toBe(0);
    expect(highlights.announcement).toBe('');
    vi.advanceTimersByTime(3100);
    highlights.note(event('task.updated'));
    expect(highlights.ids.has('t1')).toBe(true);
  });

  it('announces a deletion without highlighting a row that is gone', () => {
    const highlights = new Highlights();
    highlights.note(event('task.deleted', 't2', 'old'));
    expect(highlights.ids.size).toBe(0);
    expect(highlights.announcement).toBe('“old” was deleted elsewhere');
  });
});
