import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, invalidInput, parseInput } from './errors.js';
import { CreateTaskInput } from './task.js';
import { thrownAppError } from '../../testing/app-error.js';

describe('AppError', () => {
  it('has a body with fields only when given', () => {
    expect(new AppError('not_found', 'No such task').toBody()).toEqual({
      error: { code: 'not_found', message: 'No such task' },
    });
    expect(new AppError('invalid_input', 'Bad', { a: 'b' }).toBody()).toEqual({
      error: { code: 'invalid_input', message: 'Bad', fields: { a: 'b' } },
    });
    expect(new AppError('internal', 'x')).toBeInstanceOf(Error);
  });
});

describe('parseInput / invalidInput', () => {
  it('returns the parsed value on success', () => {
    expect(parseInput(CreateTaskInput, { title: ' t ' }).title).toBe('t');
  });

  it('names every field problem by its dot path', () => {
    const error = thrownAppError(() =>
      parseInput(
        CreateTaskInput,
        { title: '', tags: ['ok', 'a b'], dueAt: 'tomorrow', priority: 'x' },
        'task',
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields!).sort()).toEqual(['dueAt', 'priority', 'tags.1', 'title']);
    expect(error.fields!.title).toBe('Must not be empty');
    expect(error.fields!['tags.1']).toBe('Must not contain spaces, commas or #');
    expect(error.message).toMatch(/^Invalid task: /);
    for (const name of Object.keys(error.fields!)) expect(error.message).toContain(name);
  });

  it('names each unknown key as "Unknown field", nested ones by their path', () => {
    const error = thrownAppError(() =>
      parseInput(CreateTaskInput, {
        title: 't',
        owner: 'x',
        color: 'red',
        recurrence: { rule: 'FREQ=DAILY', colour: 2 },
      }),
    );
    expect(error.fields).toEqual({
      owner: 'Unknown field',
      color: 'Unknown field',
      'recurrence.colour': 'Unknown field',
    });
  });

  it('keeps the first message when one path has several problems', () => {
    const error = thrownAppError(() =>
      parseInput(z.object({ tag: z.string().min(3, 'Too short').regex(/^a/, 'Must start with a') }), {
        tag: 'b',
      }),
    );
    expect(error.fields).toEqual({ tag: 'Too short' });
  });

  it('uses `what` as the field name for a problem with the whole value', () => {
    const error = thrownAppError(() => parseInput(z.object({}), 'not an object', 'body'));
    expect(Object.keys(error.fields!)).toEqual(['body']);
    expect(error.message).toBe('Invalid body: body');
    const defaulted = invalidInput(z.string().safeParse(1).error!);
    expect(Object.keys(defaulted.fields!)).toEqual(['input']);
  });

  it('names the problems within the recurrence form the input chose', () => {
    const error = thrownAppError(() =>
      parseInput(CreateTaskInput, {
        title: 'gym',
        dueAt: '2026-12-01T07:00:00Z',
        recurrence: { every: 'week', on: ['mo', 'xx'], interval: 0 },
      }),
    );
    expect(error.fields).toEqual({
      'recurrence.on.1': 'Must be a weekday code: mo, tu, we, th, fr, sa or su',
      'recurrence.interval': 'Must be at least 1',
    });
  });
});
