import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../protocol/server/txn.ts';
import { SingleMasterChecker } from '../../../sim/checkers/recipes/single-master.ts';
import { History } from '../helpers.ts';
import { RecipeEvents } from './recipe-history.ts';

const BOUND = { boundMs: 28_000, calmFromMs: 45_000, contendUntilMs: 66_000 };

const election = (o = BOUND) => {
  const h = new History(new SingleMasterChecker(o));
  return { h, r: new RecipeEvents(h, 'master') };
};
/** The ensemble ends session `s` (its closeSession delivered on s1, then s2). */
const closeSession = (h: History, s: bigint, zxid: number) =>
  h.deliver(['s1', 's2'], zxid, { type: OpCode.closeSession, session: s, paths: ['/master_election/master'] });

describe('single-master', () => {
  it('is quiet when a new master follows within the bound after the old one’s session ended', () => {
    const { h, r } = election();
    r.at(1000).acquire('c1', 10).at(2000).write('c1', 10);
    h.at(50_000);
    closeSession(h, 10n, 20);
    r.at(60_000).acquire('c2', 21);
    h.finish();
    expect(h.messages()).toEqual([]);
  });

  it('fires when a paused master acts after another became master', () => {
    const { h, r } = election();
    r.at(1000).acquire('c1', 10);
    h.at(8000);
    closeSession(h, 10n, 14);
    r.at(8100).acquire('c2', 15).at(9000).write('c1', 10);
    expect(h.messages()[0]).toBe(
      'single-master: c1 wrote to the protected resource (token 0xa) at 9000.000 ms, but c2 acts as master since 8100.000 ms (token 0xf): the resource is written by a client that is not the current master',
    );
  });

  it('fires when nobody is master within the bound after the master’s session ended (counted from the heal)', () => {
    const { h, r } = election();
    r.at(1000).acquire('c1', 10);
    h.at(30_000);
    closeSession(h, 10n, 14);
    // Bound from max(30 s, heal 45 s) = 45 s + 28 s = 73 s: past contendUntil (66 s), so not owed...
    h.finish();
    expect(h.messages()).toEqual([]);
    // ... but with clients contending longer it is owed, and missed.
    const late = election({ ...BOUND, contendUntilMs: 100_000 });
    late.r.at(1000).acquire('c1', 10);
    late.h.at(30_000);
    closeSession(late.h, 10n, 14);
    late.h.at(80_000).ev('c2', 'proc', { what: 'start', inc: 2 });
    expect(late.h.messages()).toEqual([
      "single-master: no new master within 28000 ms: c1's session 0xa ended at 30000.000 ms (bound counted from 45000.000 ms), and nobody acts as master by 73000.000 ms",
    ]);
  });

  it('owes nothing when the master abdicated (its session lives on) or when a session that never led ends', () => {
    const { h, r } = election({ ...BOUND, contendUntilMs: 1_000_000 });
    r.at(1000).acquire('c1', 10).at(2000).release('c1', 10);
    h.at(3000);
    closeSession(h, 99n, 12);
    h.at(500_000).finish();
    expect(h.messages()).toEqual([]);
  });
});
