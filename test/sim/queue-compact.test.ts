// EventQueue compaction: cancelled events are dropped once the queue grows, and what is popped —
// live events in (time, seq) order, and whether a cancelled one is left past the live ones — is
// what it was with every cancelled event kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type Scheduled } from '../../sim/engine/queue.ts';

interface Ev extends Scheduled {
  id: number;
  cancelled: boolean;
}

/** Pops everything: the live ids in order, and the time of the last event popped (live or not). */
function drain(q: EventQueue<Ev>): { live: number[]; lastTime: number | undefined } {
  const live: number[] = [];
  let lastTime: number | undefined;
  for (let ev = q.pop(); ev; ev = q.pop()) {
    lastTime = ev.time;
    if (!ev.cancelled) live.push(ev.id);
  }
  return { live, lastTime };
}

describe('EventQueue compaction', () => {
  it('property: with cancellations interleaved, pops give the live events in (time, seq) order and keep the latest cancelled time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.boolean(), fc.nat(50)), {
          minLength: 1,
          maxLength: 12_000,
        }),
        (ops) => {
          const q = new EventQueue<Ev>();
          const all: Ev[] = [];
          for (const [time, cancelLater, back] of ops) {
            const ev = q.push({ time, seq: 0, id: all.length, cancelled: false });
            all.push(ev);
            // cancel an earlier event (a re-armed timer), before more are pushed
            if (cancelLater) all[Math.max(0, all.length - 1 - back)]!.cancelled = true;
          }
          const want = all
            .filter((e) => !e.cancelled)
            .sort((a, b) => a.time - b.time || a.seq - b.seq)
            .map((e) => e.id);
          const maxTime = Math.max(...all.map((e) => e.time));
          const got = drain(q);
          expect(got.live).toEqual(want);
          expect(got.lastTime).toBe(maxTime);
        },
      ),
      { numRuns: 40, seed: 453 },
    );
  });

  it('keeps the latest cancelled event: a run whose last event was a cancelled timer past its end still stops at the time limit (World.run)', () => {
    const q = new EventQueue<Ev>();
    const far = q.push({ time: 9_000_000, seq: 0, id: -1, cancelled: false });
    far.cancelled = true;
    for (let i = 0; i < 10_000; i++) q.push({ time: i, seq: 0, id: i, cancelled: i % 2 === 0 });
    expect(q.size).toBeLessThan(10_001);
    const got = drain(q);
    expect(got.live).toHaveLength(5_000);
    expect(got.lastTime).toBe(9_000_000);
  });

  it('drops cancelled events: 100,000 re-armed timers leave a queue of a few thousand', () => {
    const q = new EventQueue<Ev>();
    let prev: Ev | undefined;
    for (let i = 0; i < 100_000; i++) {
      if (prev) prev.cancelled = true;
      prev = q.push({ time: 1_000_000 + i, seq: 0, id: i, cancelled: false });
    }
    expect(q.size).toBeLessThan(10_000);
    expect(drain(q).live).toEqual([99_999]);
  });
});
