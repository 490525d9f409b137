// The event queue: a binary min-heap ordered by (time, sequence number).
// Sequence numbers are handed out in scheduling order, so no tie ever depends on
// hash order or object identity.

export interface Scheduled {
  /** Simulated time in microseconds. */
  time: number;
  /** Tie-breaker: the order in which events were scheduled. */
  seq: number;
}

export class EventQueue<E extends Scheduled> {
  private heap: E[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Assigns the event its sequence number and inserts it. */
  push(ev: E): E {
    ev.seq = this.nextSeq++;
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
