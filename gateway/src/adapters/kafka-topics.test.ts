import { describe, expect, it } from 'vitest';
import { parseTopicSpecs } from './kafka-topics.js';

describe('parseTopicSpecs', () => {
  it('reads name:partitions entries, spaces and empty entries aside', () => {
    expect(parseTopicSpecs(' task-events:6, task-events-dlq:1,,notifications.v2:12 ')).toEqual([
      { topic: 'task-events', partitions: 6 },
      { topic: 'task-events-dlq', partitions: 1 },
      { topic: 'notifications.v2', partitions: 12 },
    ]);
  });

  it.each([
    ['task-events', '"task-events" is not name:partitions'],
    ['task-events:0', '"task-events:0" is not name:partitions'],
    ['task events:3', '"task events:3" is not name:partitions'],
    ['task-events:6:1', '"task-events:6:1" is not name:partitions'],
    ['a:1,b:-2', '"b:-2" is not name:partitions'],
    [' , ', 'no topics given'],
  ])('names the entry at fault in %j', (text, message) => {
    expect(() => parseTopicSpecs(text)).toThrow(message);
  });
});
