import type { TagCount } from '@todo/contracts';
import type { ListedTask, ListPlan } from '../domain/list-plan.js';

/** The read side: search, filter and sort over the user's tasks. */
export interface TaskQueries {
  list(plan: ListPlan): Promise<ListedTask[]>;
  tagCounts(userId: string): Promise<TagCount[]>;
}
