// The undo bar's state: the last undoable change, offered for a while, then forgotten.
import type { Task } from '@todo/contracts';
import type { Undoable } from './task-actions';

const OFFER_MS = 10_000;

export class UndoBar {
  /** What the bar shows now, or null. */
  current = $state<{ message: string; id: number } | null>(null);
  /** A message for screen readers and the bar after an undo or a failed one. */
  status = $state('');
  private offer: Undoable | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 0;

  constructor(private readonly onUndone: (task: Task) => void = () => {}) {}

  show(change: Undoable): void {
    clearTimeout(this.timer);
    this.offer = change;
    this.current = { message: change.message, id: this.nextId++ };
    this.status = change.message;
    this.timer = setTimeout(() => this.dismiss(), OFFER_MS);
  }

  async undo(): Promise<void> {
    const offer = this.offer;
    if (!offer) return;
    this.dismiss();
    try {
      this.onUndone(await offer.undo());
      this.status = `Undone: ${offer.message}`;
    } catch (error) {
      this.status = `Could not undo: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  dismiss(): void {
    clearTimeout(this.timer);
    this.offer = null;
    this.current = null;
  }
}
