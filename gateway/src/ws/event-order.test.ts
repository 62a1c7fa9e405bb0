import { describe, expect, it } from 'vitest';
import { EventOrder } from './event-order.js';
import { taskEventFixture } from '../../../testing/fixtures.js';

const USER = '00000000-0000-4000-8000-0000000000a1';
const event = (seq: number) => taskEventFixture(USER, seq);
const seqs = (events: Array<{ seq: number }>) => events.map((e) => e.seq);

describe('EventOrder', () => {
  it('sends live events once, newer than the baseline', () => {
    const order = new EventOrder(3);
    expect(seqs(order.offer(event(3)))).toEqual([]);
    expect(seqs(order.offer(event(4)))).toEqual([4]);
    expect(seqs(order.offer(event(4)))).toEqual([]);
    expect(order.seq).toBe(4);
  });

  it('holds live events during a replay and merges them in order, without repeats', () => {
    const order = new EventOrder(10);
    order.beginReplay();
    // Event 7 arrives live while the replay of everything after 5 is being read (it is in the replay too).
    expect(order.offer(event(7))).toEqual([]);
    expect(order.offer(event(8))).toEqual([]);
    expect(seqs(order.endReplay(5, [event(6), event(7)]))).toEqual([6, 7, 8]);
    expect(seqs(order.offer(event(8)))).toEqual([]);
    expect(seqs(order.offer(event(9)))).toEqual([9]);
  });

  it('sends what it held when a replay fails, and follows a reset', () => {
    const order = new EventOrder(1);
    order.beginReplay();
    order.offer(event(2));
    expect(seqs(order.abandonReplay())).toEqual([2]);
    order.resetTo(20);
    expect(seqs(order.offer(event(20)))).toEqual([]);
    expect(seqs(order.offer(event(21)))).toEqual([21]);
  });
});
