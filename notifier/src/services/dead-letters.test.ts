import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '@todo/contracts';
import { createLogger } from '@todo/observability';
import { taskCloudEvent, taskEventFixture } from '../../../testing/fixtures.js';
import type { DeadLetter, DeadLetterStore } from '../ports/dead-letter-store.js';
import { DeadLetters } from './dead-letters.js';

class FakeDeadLetterStore implements DeadLetterStore {
  letters = new Map<string, DeadLetter & { replayedAt?: Date }>();
  async record(letter: Omit<DeadLetter, 'receivedAt'>, at: Date) {
    if (this.letters.has(letter.id)) return false;
    this.letters.set(letter.id, { ...letter, receivedAt: at });
    return true;
  }
  async pending(limit: number) {
    return [...this.letters.values()].filter((l) => !l.replayedAt).slice(0, limit);
  }
  async markReplayed(id: string, at: Date) {
    this.letters.get(id)!.replayedAt = at;
  }
}

// As the dead-letter topic delivers it: Dapr's CloudEvent names the topic it came from.
const envelope = (event: TaskEvent) => ({ ...taskCloudEvent(event), topic: 'task-events' });

function deadLettersWith(apply: (event: TaskEvent) => Promise<void>) {
  const store = new FakeDeadLetterStore();
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('test', 'info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  const now = new Date('2026-11-24T12:00:00Z');
  return { store, lines, deadLetters: new DeadLetters({ store, apply, now: () => now, log }) };
}

describe('DeadLetters', () => {
  it('keeps each dead letter once and says so once, with what it was about', async () => {
    const { store, lines, deadLetters } = deadLettersWith(async () => {});
    const event = taskEventFixture('6f1c1c55-6a39-4a0b-9d6d-1d5bb0d0a001', 3);
    await deadLetters.receive(envelope(event));
    await deadLetters.receive(envelope(event)); // redelivered
    expect([...store.letters.keys()]).toEqual([event.id]);
    expect(store.letters.get(event.id)).toMatchObject({ topic: 'task-events', envelope: envelope(event) });
    const errors = lines.filter((line) => line.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        deadLetter: event.id,
        type: 'task.created',
        userId: event.userId,
        taskId: event.task.id,
        msg: 'a task event was dead-lettered (it kept failing); kept for replay',
      }),
    ]);
  });

  it('keeps what does not decode too, under a digest when it has no id', async () => {
    const { store, lines, deadLetters } = deadLettersWith(async () => {});
    await deadLetters.receive({ data: 'garbage' });
    await deadLetters.receive({ data: 'garbage' });
    await deadLetters.receive('not even an object');
    const ids = [...store.letters.keys()];
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(store.letters.get(ids[0]!)!.topic).toBe('unknown');
    expect(lines.filter((line) => line.level === 50).map((line) => line.msg)).toEqual([
      'a task event was dead-lettered (it does not decode); kept for replay',
      'a task event was dead-lettered (it does not decode); kept for replay',
    ]);
  });

  it('replays in order: applied ones are marked, failing and undecodable ones stay for the next replay', async () => {
    const applied: string[] = [];
    let broken = true;
    const { store, deadLetters } = deadLettersWith(async (event) => {
      if (broken && event.seq === 2) throw new Error('database unavailable');
      applied.push(event.id);
    });
    const user = '6f1c1c55-6a39-4a0b-9d6d-1d5bb0d0a002';
    const [one, two] = [taskEventFixture(user, 1), taskEventFixture(user, 2)];
    await deadLetters.receive(envelope(one));
    await deadLetters.receive(envelope(two));
    await deadLetters.receive({ id: 'poison', data: 42 });

    expect(await deadLetters.replay()).toEqual({
      replayed: [one.id],
      failing: [
        { id: two.id, reason: 'database unavailable' },
        { id: 'poison', reason: 'does not decode as a task event' },
      ],
    });
    expect(store.letters.get(one.id)!.replayedAt).toEqual(new Date('2026-11-24T12:00:00Z'));

    broken = false;
    expect(await deadLetters.replay()).toEqual({
      replayed: [two.id],
      failing: [{ id: 'poison', reason: 'does not decode as a task event' }],
    });
    expect(applied).toEqual([one.id, two.id]);
  });
});
