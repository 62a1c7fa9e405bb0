import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reminderIdOfJob, reminderJobName } from './reminder-job.js';

describe('reminder job names', () => {
  it('name one reminder row, and give its id back', () => {
    const id = randomUUID();
    expect(reminderJobName(id)).toBe(`reminder-${id}`);
    expect(reminderIdOfJob(reminderJobName(id))).toBe(id);
    expect(reminderIdOfJob(reminderJobName(id.toUpperCase()))).toBe(id);
  });

  it('stand for no reminder when the notifier did not make them', () => {
    for (const name of [
      '',
      'reminder-',
      'reminder-42',
      `sweep-${randomUUID()}`,
      `reminder-${randomUUID()}x`,
    ]) {
      expect(reminderIdOfJob(name)).toBeNull();
    }
  });
});
