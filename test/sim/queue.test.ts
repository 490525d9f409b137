// EventQueue: a (time, seq) min-heap. seq is handed out in push order, so events scheduled for
// the same time come out in the order they were scheduled, never by heap accident.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type Scheduled } from '../../sim/engine/queue.ts';

interface Ev extends Scheduled {
  id: number;
}

const ev = (time: number, id: number): Ev => ({ time, seq: -1, id });

function drain(q: EventQueue<Ev>): Ev[] {
  const out: Ev[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e);
  return out;
}

describe('EventQueue', () => {
  it('an empty queue pops and peeks undefined, and stays usable', () => {
    const q = new EventQueue<Ev>();
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    q.push(ev(5, 1));
    expect(q.pop()?.id).toBe(1);
    expect(q.pop()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('push assigns increasing sequence numbers, overwriting whatever the caller put there', () => {
    const q = new EventQueue<Ev>();
    const a = q.push({ time: 3, seq: 99, id: 1 });
    const b = q.push({ time: 1, seq: 0, id: 2 });
    expect(a.seq).toBe(0);
    expect(b.seq).toBe(1);
    expect(q.size).toBe(2);
  });

  it('pops by time, smallest first', () => {
    const q = new EventQueue<Ev>();
    [50, 10, 40, 20, 30, 0].forEach((t, i) => q.push(ev(t, i)));
    expect(q.peek()?.time).toBe(0);
    expect(drain(q).map((e) => e.time)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('ties on time are broken by insertion order', () => {
    const q = new EventQueue<Ev>();
    for (let i = 0; i < 20; i++) q.push(ev(i % 2 === 0 ? 7 : 3, i));
    const out = drain(q);
    expect(out.map((e) => e.id)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('an event pushed after a pop, at the time of events still queued, comes after them', () => {
    const q = new EventQueue<Ev>();
    q.push(ev(1, 0));
    q.push(ev(5, 1));
    q.push(ev(5, 2));
    expect(q.pop()?.id).toBe(0);
    q.push(ev(5, 3));
    q.push(ev(4, 4));
    expect(drain(q).map((e) => e.id)).toEqual([4, 1, 2, 3]);
  });

  it('property: pops come out ordered by (time, seq) for any pushes, interleaved with pops', () => {
    // An op is a push of an event at that time, or (null) a pop. A sorted-array model gives the
    // expected answer: the minimum by (time, seq) of what is queued at that moment.
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = new EventQueue<Ev>();
        let model: Ev[] = [];
        const before = (a: Ev, b: Ev) => a.time < b.time || (a.time === b.time && a.seq < b.seq);
        let id = 0;
        const check = (got: Ev | undefined) => {
          if (model.length === 0) {
            expect(got).toBeUndefined();
            return;
          }
          let min = 0;
          for (let i = 1; i < model.length; i++) if (before(model[i]!, model[min]!)) min = i;
          expect(got).toBe(model[min]);
          model = model.filter((_, i) => i !== min);
        };
        for (const o of ops) {
          if (o === null) check(q.pop());
          else model.push(q.push(ev(o, id++)));
          expect(q.size).toBe(model.length);
        }
        while (model.length > 0 || q.size > 0) check(q.pop());
        expect(q.pop()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('property: a full drain is the stable sort of the pushes by time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 500 }), (times) => {
        const q = new EventQueue<Ev>();
        times.forEach((t, i) => q.push(ev(t, i)));
        const expected = times
          .map((t, i) => ({ t, i }))
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map((x) => x.i);
        expect(drain(q).map((e) => e.id)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
