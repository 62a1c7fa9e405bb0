import type { TaskEvent } from '@todo/contracts';

/**
 * What one socket has been sent of its user's task events: each sequence number once, in order, whether
 * it arrives live, in a replay after a reconnect, or both (a replay can overlap live delivery).
 */
export class EventOrder {
  private held: TaskEvent[] | null = null;

  /** @param lastSeq the newest event the client already has */
  constructor(private lastSeq = 0) {}

  get seq(): number {
    return this.lastSeq;
  }

  /** The client's baseline changed (a fresh `ready`, or a `reload`): nothing up to `seq` is sent. */
  resetTo(seq: number): void {
    this.lastSeq = seq;
  }

  /** A live event: what to send now (nothing while a replay is being read, or for what was sent). */
  offer(event: TaskEvent): TaskEvent[] {
    if (this.held) {
      this.held.push(event);
      return [];
    }
    return this.accept([event]);
  }

  /** From now until `endReplay`, live events are held back. */
  beginReplay(): void {
    this.held = [];
  }

  /** The replayed events after `fromSeq`, merged with what was held, to send in order. */
  endReplay(fromSeq: number, replayed: TaskEvent[]): TaskEvent[] {
    const held = this.held ?? [];
    this.held = null;
    this.lastSeq = fromSeq;
    return this.accept([...replayed, ...held].sort((a, b) => a.seq - b.seq));
  }

  /** Gives up a replay (it failed): held events are sent as they would have been. */
  abandonReplay(): TaskEvent[] {
    const held = this.held ?? [];
    this.held = null;
    return this.accept(held);
  }

  private accept(events: TaskEvent[]): TaskEvent[] {
    const fresh: TaskEvent[] = [];
    for (const event of events) {
      if (event.seq <= this.lastSeq) continue;
      this.lastSeq = event.seq;
      fresh.push(event);
    }
    return fresh;
  }
}
