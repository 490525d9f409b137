// The event queue: a binary min-heap ordered by (time, sequence number).
// Sequence numbers are handed out in scheduling order, so no tie ever depends on
// hash order or object identity.

export interface Scheduled {
  /** Simulated time in microseconds. */
  time: number;
  /** Tie-breaker: the order in which events were scheduled. */
  seq: number;
  /** A cancelled event stays queued and is skipped when popped (the world's run loop). */
  cancelled?: boolean;
}

/** The queue is compacted once it is this long and twice as long as after its last compaction. */
const COMPACT_MIN = 4096;

export class EventQueue<E extends Scheduled> {
  private heap: E[] = [];
  private nextSeq = 0;
  private compactAt = COMPACT_MIN;

  get size(): number {
    return this.heap.length;
  }

  /** Assigns the event its sequence number and inserts it. */
  push(ev: E): E {
    ev.seq = this.nextSeq++;
    if (this.heap.length >= this.compactAt) this.compact();
    const h = this.heap;
    let i = h.length;
    h.push(ev);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (parent.time < ev.time || (parent.time === ev.time && parent.seq < ev.seq)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = ev;
    return ev;
  }

  /**
   * Drop the cancelled events, which would only be skipped when popped: a read timeout re-armed
   * on every packet leaves one per packet until its deadline, and the scale bench's 101 servers
   * kept millions of them alive. The latest cancelled event is kept, so whether the queue ends
   * quiescent or at a time limit (World.run) is as before; the live events keep their (time,
   * seq) order, so the run is the same event for event.
   */
  private compact(): void {
    let latest: E | undefined;
    const live: E[] = [];
    for (const ev of this.heap) {
      if (!ev.cancelled) live.push(ev);
      else if (latest === undefined || ev.time > latest.time || (ev.time === latest.time && ev.seq > latest.seq))
        latest = ev;
    }
    if (latest !== undefined) live.push(latest);
    if (live.length < this.heap.length) {
      // A sorted array is a heap.
      live.sort((a, b) => a.time - b.time || a.seq - b.seq);
      this.heap = live;
    }
    this.compactAt = Math.max(COMPACT_MIN, 2 * this.heap.length);
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  pop(): E | undefined {
    const h = this.heap;
    const n = h.length;
    if (n === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (n > 1) {
      const size = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        let c = l;
        let child = h[l]!;
        if (r < size) {
          const right = h[r]!;
          if (right.time < child.time || (right.time === child.time && right.seq < child.seq)) {
            c = r;
            child = right;
          }
        }
        if (last.time < child.time || (last.time === child.time && last.seq < child.seq)) break;
        h[i] = child;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
