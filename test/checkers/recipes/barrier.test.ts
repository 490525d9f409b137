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
});
