/**
 * The ids seen lately, at most `capacity` of them: enough to drop redeliveries, which come soon after the
 * first delivery, without memory that grows with every id ever seen. The oldest is forgotten first.
 */
export class RecentIds {
  // A Set iterates in insertion order, so its first element is always the oldest.
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 5_000) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get size(): number {
    return this.ids.size;
  }

  /** True the first time an id is offered (and remembers it); false while it is still remembered. */
  isNew(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}
