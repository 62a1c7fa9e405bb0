// The project's task fixture (testing/fixtures.ts) with the id and title the UI's tests look for.
import type { Task } from '@todo/contracts';
import { taskFixture as anyTask } from '../../../testing/fixtures';

export const taskFixture = (overrides: Partial<Task> = {}): Task =>
  anyTask({ id: '00000000-0000-4000-8000-000000000001', title: 'buy milk', ...overrides });
