// Changes that arrive live from elsewhere (another tab or device, the chat, a recurring task's next
// occurrence) get a short highlight in the list and a sentence for screen readers. Changes this tab just
// made itself are already in view, so they get neither.
import { SvelteSet } from 'svelte/reactivity';
import type { TaskEvent } from '@todo/contracts';

const HIGHLIGHT_MS = 2500;
const OWN_CHANGE_MS = 3000;

const VERBS: Record<TaskEvent['type'], string> = {
  'task.created': 'added',
  'task.updated': 'changed',
  'task.completed': 'completed',
  'task.deleted': 'deleted',
};

export class Highlights {
  /** Ids of the tasks to highlight now. */
  readonly ids = new SvelteSet<string>();
  /** The latest live change in words, for an aria-live region. */
  announcement = $state('');
  private readonly own = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** This tab is about to change `taskId`: its echo is not news. */
  ownChange(taskId: string): void {
    this.own.set(taskId, this.now() + OWN_CHANGE_MS);
  }

  note(event: TaskEvent): void {
    const id = event.task.id;
    const ownUntil = this.own.get(id);
    if (ownUntil !== undefined && ownUntil >= this.now()) return;
    this.own.delete(id);
    this.announcement = `“${event.task.title}” was ${VERBS[event.type]} elsewhere`;
    if (event.type === 'task.deleted') return;
    this.ids.add(id);
    setTimeout(() => this.ids.delete(id), HIGHLIGHT_MS);
  }
}
