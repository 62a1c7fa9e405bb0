import type { TaskEvent } from '@todo/contracts';

/** The outcome a consumer reports, so a delivery is acknowledged, retried or dropped on purpose. */
export type ProjectionResult = 'applied' | 'duplicate';

/**
 * Keeps the read model (what lists and search read) in step with task events. Applying an event twice,
 * or an older one after a newer, changes nothing.
 */
export interface TaskProjection {
  apply(event: TaskEvent): Promise<ProjectionResult>;
}
