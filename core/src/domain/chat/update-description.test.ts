import { describe, expect, it } from 'vitest';
import { parseMessage } from './parser.js';

const context = { now: new Date('2026-11-24T15:00:00Z'), timeZone: 'America/New_York' };

describe('descriptions', () => {
  it('are set on the task named, or the last one, with their case kept', () => {
    expect(parseMessage('set the description of write report to Include the Q4 numbers', context)).toEqual({
      intent: 'update',
      target: { by: 'title', text: 'write report' },
      changes: { description: 'Include the Q4 numbers' },
    });
    expect(parseMessage('change the notes to "call Sam first"', context)).toEqual({
      intent: 'update',
      target: { by: 'last' },
      changes: { description: 'call Sam first' },
    });
    expect(parseMessage('describe the second one as Ask IT for a laptop', context)).toMatchObject({
      intent: 'update',
      target: { by: 'position', index: 2 },
      changes: { description: 'Ask IT for a laptop' },
    });
  });

  it('are cleared', () => {
    expect(parseMessage('clear the description of write report', context)).toEqual({
      intent: 'update',
      target: { by: 'title', text: 'write report' },
      changes: { description: '' },
    });
  });
});
