import { describe, expect, it } from 'vitest';
import { MutualExclusionChecker } from '../../../sim/checkers/recipes/mutual-exclusion.ts';
import { History } from '../helpers.ts';
import { RecipeEvents } from './recipe-history.ts';

const lock = (fencing = false) => {
  const h = new History(new MutualExclusionChecker());
  return { h, r: new RecipeEvents(h, 'lock', fencing) };
};

describe('mutual-exclusion', () => {
  it('is quiet on holders that take turns, and on a holder that crashed (its belief dies with it)', () => {
    const { h, r } = lock();
    r.at(1000).acquire('c1', 10).at(1200).write('c1', 10).at(1300).release('c1', 10);
    r.at(1400).acquire('c2', 12).at(1600).write('c2', 12);
    h.at(1700).ev('c2', 'proc', { what: 'crash' });
    r.at(9000).acquire('c3', 20).at(9200).write('c3', 20);
    expect(h.messages()).toEqual([]);
  });

  it('fires when a paused holder writes after its session expired and another acquired (the pause-past-expiry story)', () => {
    const { h, r } = lock();
    r.at(1000).acquire('c1', 10).at(1200).write('c1', 10);
    // c1 is paused from 1300 to 9000: its session expires, c2 acquires and writes.
    r.at(8000).acquire('c2', 15).at(8200).write('c2', 15);
    r.at(9000).write('c1', 10);
    expect(h.messages()).toEqual([
      'mutual-exclusion: c1 wrote to the protected resource (token 0xa) at 9000.000 ms, but c2 holds the lock since 8000.000 ms (token 0xf): the resource is written by a client that is not the current holder',
      'mutual-exclusion: c1 and c2 acted as holder at the same time: c1 wrote at 1200.000 ms and 9000.000 ms in one tenure (token 0xa), c2 wrote at 8200.000 ms in between',
    ]);
  });

  it('fires on interleaved writes even when the newer holder let go before the old one came back', () => {
    const { h, r } = lock();
    r.at(1000).acquire('c1', 10);
    r.at(8000).acquire('c2', 15).at(8500).release('c2', 15);
    r.at(9000).write('c1', 10);
    expect(h.messages()).toEqual([
      'mutual-exclusion: c1 and c2 acted as holder at the same time: c1 wrote at 1000.000 ms and 9000.000 ms in one tenure (token 0xa), c2 wrote at 8000.000 ms in between',
    ]);
  });

  it('is quiet on the same story with fencing: the old token is rejected, so c1 never acts', () => {
    const { h, r } = lock(true);
    r.at(1000).acquire('c1', 10).at(1200).write('c1', 10);
    r.at(8000).acquire('c2', 15).at(8200).write('c2', 15);
    r.at(9000).write('c1', 10);
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a holder that stepped down on a dropped connection and holds again once it checked', () => {
    const { h, r } = lock();
    r.at(1000).acquire('c1', 10).at(2000).release('c1', 10, 'suspended').at(3000).acquire('c1', 10);
    r.at(3200).write('c1', 10);
    expect(h.messages()).toEqual([]);
  });

  it('ignores the other role (a master is not a lock holder)', () => {
    const h = new History(new MutualExclusionChecker());
    const m = new RecipeEvents(h, 'master');
    const l = new RecipeEvents(h, 'lock');
    m.at(1000).acquire('c1', 10);
    l.at(1100).acquire('c2', 11).at(1200).write('c2', 11);
    m.at(1300).write('c1', 10);
    expect(h.messages()).toEqual([]);
  });
});
