import { describe, expect, it } from 'vitest';
import { decodeTaskEventMessage, SeenSequences } from './task-event-message.js';
import { taskEventFixture } from '../../../testing/fixtures.js';

const event = taskEventFixture('00000000-0000-4000-8000-0000000000a1', 7);
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeTaskEventMessage', () => {
  it('reads a bare event and the CloudEvent shapes Dapr publishes', () => {
    expect(decodeTaskEventMessage(bytes(event))).toEqual(event);
    expect(decodeTaskEventMessage(bytes({ specversion: '1.0', type: 'task.created', data: event }))).toEqual(
      event,
    );
    expect(decodeTaskEventMessage(bytes({ specversion: '1.0', data: JSON.stringify(event) }))).toEqual(event);
    const base64 = Buffer.from(JSON.stringify(event)).toString('base64');
    expect(decodeTaskEventMessage(bytes({ specversion: '1.0', data_base64: base64 }))).toEqual(event);
  });

  it('gives null for anything else instead of throwing', () => {
    for (const value of [
      null,
      bytes('not json'),
      bytes({ specversion: '1.0', data: 'nope' }),
      bytes({ ...event, seq: 0 }),
    ]) {
      expect(decodeTaskEventMessage(value)).toBeNull();
    }
  });
});

describe('SeenSequences', () => {
  it('lets each event of a user through once, in order, and drops older ones', () => {
    const seen = new SeenSequences();
    expect(seen.isNew(event)).toBe(true);
    expect(seen.isNew(event)).toBe(false);
    expect(seen.isNew({ ...event, seq: 6 })).toBe(false);
    expect(seen.isNew({ ...event, seq: 8 })).toBe(true);
    expect(seen.isNew({ ...event, userId: '00000000-0000-4000-8000-0000000000a2', seq: 1 })).toBe(true);
  });
});
