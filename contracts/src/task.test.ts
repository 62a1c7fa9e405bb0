import { describe, expect, it } from 'vitest';
import { CreateTaskInput, MAX_TAGS, UpdateTaskInput } from './task.js';

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => [
  ...new Set((result.error?.issues ?? []).map((issue) => issue.path.join('.'))),
];

describe('CreateTaskInput', () => {
  it('fills in defaults', () => {
    expect(CreateTaskInput.parse({ title: 'Buy milk' })).toEqual({
      title: 'Buy milk',
      description: '',
      priority: 'none',
      tags: [],
      dueAt: null,
      reminders: [],
      recurrence: null,
    });
  });

  it('trims the title', () => {
    expect(CreateTaskInput.parse({ title: '  Buy milk \n' }).title).toBe('Buy milk');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['over 500 characters', 'x'.repeat(501)],
  ])('rejects a title that is %s', (_name, title) => {
    const result = CreateTaskInput.safeParse({ title });
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual(['title']);
  });

  it('accepts a title of exactly 500 characters, counted after trimming', () => {
    expect(CreateTaskInput.parse({ title: ` ${'x'.repeat(500)} ` }).title).toHaveLength(500);
  });

  it('lower-cases, trims and dedupes tags in their given order', () => {
    expect(CreateTaskInput.parse({ title: 't', tags: ['Work', ' home', 'WORK', 'home '] }).tags).toEqual([
      'work',
      'home',
    ]);
  });

  it('allows 20 tags but not 21', () => {
    const tags = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`);
    expect(CreateTaskInput.parse({ title: 't', tags: tags.slice(0, MAX_TAGS) }).tags).toHaveLength(MAX_TAGS);
    expect(issuesOf(CreateTaskInput.safeParse({ title: 't', tags }))).toEqual(['tags']);
  });

  it.each([['a b'], ['a,b'], ['#a'], [''], ['x'.repeat(41)]])('rejects the tag %j', (tag) => {
    const result = CreateTaskInput.safeParse({ title: 't', tags: ['ok', tag] });
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual(['tags.1']);
  });

  it('accepts a tag of 40 characters and unicode tags', () => {
    expect(CreateTaskInput.parse({ title: 't', tags: ['x'.repeat(40), 'Ärger'] }).tags).toEqual([
      'x'.repeat(40),
      'ärger',
    ]);
  });

  it('rejects unknown keys', () => {
    const result = CreateTaskInput.safeParse({ title: 't', owner: 'someone else' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('validates priority, dueAt, timezone, reminders and recurrence', () => {
    const ok = CreateTaskInput.parse({
      title: 't',
      priority: 'high',
      dueAt: '2030-01-02T09:00:00+01:00',
      timezone: 'Europe/Berlin',
      reminders: [{ minutesBefore: 15 }, { at: '2030-01-02T07:00:00Z' }],
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO' },
    });
    expect(ok.recurrence).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'schedule' });
    const bad = CreateTaskInput.safeParse({
      title: 't',
      priority: 'urgent',
      dueAt: '2030-01-02',
      timezone: 'Mars/Olympus',
      reminders: [{ minutesBefore: -1 }],
    });
    const problems = issuesOf(bad).sort();
    expect(problems.filter((path) => !path.startsWith('reminders.0'))).toEqual([
      'dueAt',
      'priority',
      'timezone',
    ]);
    expect(problems.some((path) => path.startsWith('reminders.0'))).toBe(true);
  });
});

describe('UpdateTaskInput', () => {
  it('rejects an empty patch', () => {
    const result = UpdateTaskInput.safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Name at least one field to change');
  });

  it('accepts a partial patch without adding defaults', () => {
    expect(UpdateTaskInput.parse({ title: ' New ' })).toEqual({ title: 'New' });
    expect(UpdateTaskInput.parse({ status: 'done' })).toEqual({ status: 'done' });
  });

  it('clears dueAt and recurrence with null', () => {
    expect(UpdateTaskInput.parse({ dueAt: null, recurrence: null })).toEqual({
      dueAt: null,
      recurrence: null,
    });
  });

  it('does not accept null where clearing makes no sense', () => {
    for (const key of ['title', 'description', 'priority', 'tags', 'status', 'timezone', 'reminders']) {
      expect(UpdateTaskInput.safeParse({ [key]: null }).success, key).toBe(false);
    }
  });

  it('rejects unknown keys and an empty title', () => {
    expect(UpdateTaskInput.safeParse({ title: 't', version: 3 }).success).toBe(false);
    expect(UpdateTaskInput.safeParse({ title: '  ' }).success).toBe(false);
  });
});

describe('recurrence input', () => {
  it('takes the RRULE form or the friendly one, and defaults the mode', () => {
    const rule = CreateTaskInput.parse({ title: 't', recurrence: { rule: 'FREQ=DAILY' } });
    expect(rule.recurrence).toEqual({ rule: 'FREQ=DAILY', mode: 'schedule' });
    const friendly = UpdateTaskInput.parse({
      recurrence: { every: 'month', on: { nth: -1, weekday: 'fr' }, mode: 'after_completion' },
    });
    expect(friendly.recurrence).toEqual({
      every: 'month',
      on: { nth: -1, weekday: 'fr' },
      mode: 'after_completion',
    });
  });

  it('refuses a mix of both forms', () => {
    const result = CreateTaskInput.safeParse({
      title: 't',
      recurrence: { rule: 'FREQ=DAILY', every: 'day' },
    });
    expect(result.success).toBe(false);
  });
});

describe('plain text fields', () => {
  it('refuse control characters (PostgreSQL cannot store NUL) but keep tabs and line breaks', () => {
    for (const title of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f']) {
      const result = CreateTaskInput.safeParse({ title });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('Must not contain control characters');
    }
    expect(CreateTaskInput.parse({ title: 'ok', description: 'line one\n\tline two\r\n' }).description).toBe(
      'line one\n\tline two\r\n',
    );
    expect(UpdateTaskInput.safeParse({ tags: ['a\u0000'] }).success).toBe(false);
  });
});
