// Named random streams: each consumer gets its own stream derived from (seed, name), so the
// numbers one consumer sees never depend on what another consumer drew.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, type Rng } from '../../sim/engine/random.ts';

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.next());

describe('RandomStreams', () => {
  it('the same (seed, name) gives the same sequence, in two independent instances', () => {
    const a = new RandomStreams(42).stream('net');
    const b = new RandomStreams(42).stream('net');
    const seqA = [...draw(a, 50), a.int(1, 6), a.between(10, 20), a.chance(0.5), a.pick(['x', 'y', 'z'])];
    const seqB = [...draw(b, 50), b.int(1, 6), b.between(10, 20), b.chance(0.5), b.pick(['x', 'y', 'z'])];
    expect(seqA).toEqual(seqB);
    // ... and it is not a constant stream.
    expect(new Set(seqA.slice(0, 50)).size).toBe(50);
  });

  it('stream(name) returns the same object, which continues where it left off', () => {
    const rs = new RandomStreams('s');
    const first = rs.stream('disk:s1').next();
    expect(rs.stream('disk:s1')).toBe(rs.stream('disk:s1'));
    const second = rs.stream('disk:s1').next();
    const fresh = draw(new RandomStreams('s').stream('disk:s1'), 2);
    expect([first, second]).toEqual(fresh);
  });

  it("drawing from stream 'a' does not change stream 'b'", () => {
    const quiet = new RandomStreams(7);
    const busy = new RandomStreams(7);
    const bQuiet = draw(quiet.stream('b'), 20);
    // On the busy side, 'a' is created first and drawn from heavily, before and between b's draws.
    draw(busy.stream('a'), 1000);
    const bBusy = [...draw(busy.stream('b'), 10)];
    draw(busy.stream('a'), 333);
    busy.stream('c').int(0, 100);
    bBusy.push(...draw(busy.stream('b'), 10));
    expect(bBusy).toEqual(bQuiet);
  });

  it('different seeds give different sequences; so do different names under one seed', () => {
    const bySeed = new Set<string>();
    for (let seed = 0; seed < 30; seed++) bySeed.add(JSON.stringify(draw(new RandomStreams(seed).stream('net'), 4)));
    expect(bySeed.size).toBe(30);
    const rs = new RandomStreams(1);
    const names = ['net', 'disk:s1', 'disk:s2', 'node:s1', 'faults'];
    const byName = new Set(names.map((n) => JSON.stringify(draw(rs.stream(n), 4))));
    expect(byName.size).toBe(names.length);
  });

  it('a string seed works like any other seed', () => {
    expect(draw(new RandomStreams('run-9').stream('x'), 5)).toEqual(draw(new RandomStreams('run-9').stream('x'), 5));
    expect(draw(new RandomStreams('run-9').stream('x'), 5)).not.toEqual(
      draw(new RandomStreams('run-8').stream('x'), 5),
    );
  });

  it('pick from an empty list throws', () => {
    expect(() => new RandomStreams(1).stream('p').pick([])).toThrow(/empty/);
  });

  it('property: next in [0,1), int in [lo,hi], between in [lo,hi), chance(0) never and chance(1) always', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.string({ maxLength: 8 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 50 }),
        (seed, name, lo, span) => {
          const r = new RandomStreams(seed).stream(name);
          const hi = lo + span;
          for (let i = 0; i < 20; i++) {
            const x = r.next();
            expect(x >= 0 && x < 1).toBe(true);
            const k = r.int(lo, hi);
            expect(Number.isInteger(k) && k >= lo && k <= hi).toBe(true);
            const y = r.between(lo, hi + 1);
            expect(y >= lo && y < hi + 1).toBe(true);
            expect(r.chance(0)).toBe(false);
            expect(r.chance(1)).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('int covers its whole range (both ends are reachable)', () => {
    const r = new RandomStreams(3).stream('dice');
    const seen = new Set<number>();
    for (let i = 0; i < 600; i++) seen.add(r.int(1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
