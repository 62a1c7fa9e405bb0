import { expect } from 'vitest';
import { AppError } from '@todo/contracts';

/** Runs `fn`, expecting it to throw an AppError, and returns that error for closer assertions. */
export function thrownAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError to be thrown');
}
