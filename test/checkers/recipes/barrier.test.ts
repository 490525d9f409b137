import { describe, expect, it } from 'vitest';
import { BarrierChecker } from '../../../sim/checkers/recipes/barrier.ts';
import { History, S } from '../helpers.ts';

const who = ['c1', 'c2', 'c3'];

function round(h: History, r: number): History {
  for (const n of who) h.ev(n, 'recipe', { what: 'barrier-arrived', round: r, session: S });
  for (const n of who) h.ev(n, 'recipe', { what: 'barrier-passed', round: r });
  for (const n of who) h.ev(n, 'recipe', { what: 'barrier-left', round: r });
  return h;
}

describe('barrier checker', () => {
  it('is quiet when everyone arrives before anyone passes, and every round completes', () => {
    expect(
      round(round(new History(new BarrierChecker(who, 2)), 1), 2)
        .finish()
        .messages(),
    ).toEqual([]);
  });

  it('fires on a participant passing before everyone arrived (one counted twice)', () => {
    const h = new History(new BarrierChecker(who, 1));
    h.ev('c1', 'recipe', { what: 'barrier-arrived', round: 1, session: S });
    h.ev('c2', 'recipe', { what: 'barrier-arrived', round: 1, session: S });
    h.ev('c1', 'recipe', { what: 'barrier-passed', round: 1 });
    expect(h.messages()).toEqual(['barrier: c1 passed the enter barrier of round 1 before c3 arrived (2 of 3 had)']);
  });

  it('fires on a round some participant never completes', () => {
    const h = round(new History(new BarrierChecker(who, 2)), 1);
    for (const n of who) h.ev(n, 'recipe', { what: 'barrier-arrived', round: 2, session: S });
    for (const n of who) h.ev(n, 'recipe', { what: 'barrier-passed', round: 2 });
    h.ev('c1', 'recipe', { what: 'barrier-left', round: 2 });
    expect(h.finish().messages()).toEqual([
      'barrier: round 2 never completed: c2 in the leave barrier, c3 in the leave barrier at the end',
    ]);
  });

  it('judges as many rounds as the time after the calm allows (a leader elected late after the heal)', () => {
    const timing = { healMs: 10_000, sessionTimeoutMs: 6000 };
    // round 1 done before the calm; a leader is elected at 60 s; the run ends at 80 s: 1 + floor((80 - 60 - 6) / 6) = 3 rounds due
    const late = () => {
      const h = round(new History(new BarrierChecker(who, 6, timing)), 1);
      h.at(60_000).ev('s1', 'state', { state: 'LEADING', leader: 1, round: 2, peerEpoch: 2, zxid: 0 });
      return round(h.at(65_000), 2);
    };
    expect(late().at(80_000).finish().messages()).toEqual([
      'barrier: round 3 never completed: c1 in the enter barrier, c2 in the enter barrier, c3 in the enter barrier at the end (3 rounds due by the end, from the calm at 60.000 s)',
    ]);
    expect(round(late(), 3).at(80_000).finish().messages()).toEqual([]);
  });
});
