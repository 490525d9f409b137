// isolate-leader: cut whichever server leads when the fault fires off from every other server
// (traced as its own partition fault: silence; with reset, a reset fault); heal forMs later. Its fault event names the leader.
import { z } from 'zod';
import { forMs, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { serverIds } from '../targets.ts';

const schema = z.strictObject({
  type: z.literal('isolate-leader'),
  ...when,
  forMs,
  /** Cut with RSTs (a `reset` fault) rather than silence, as every isolate-leader did up to zksim generator v2. */
  reset: z.literal(true).optional(),
});
export type IsolateLeaderFault = z.infer<typeof schema>;

export const isolateLeader: FaultKind<IsolateLeaderFault> = {
  type: 'isolate-leader',
  summary: 'cut whichever server leads then off from the others; heal forMs later',
  schema,
  targets: { named: () => [] },
  traced: (_f, fx) => ({ leader: fx.leader() ?? null }),
  apply(f, fx) {
    const sid = fx.leader();
    if (sid === undefined) return;
    const groups = [[sid], serverIds(fx.world).filter((x) => x !== sid)];
    fx.apply({ type: f.reset ? 'reset' : 'partition', at: 0, groups });
    fx.later(f.forMs, 'heal leader', { type: 'heal', at: 0 });
  },
  arbitrary: (o) => kindArb(o, 'isolate-leader', { forMs: forMsArb }),
  episodes: [
    {
      name: 'isolate-leader',
      place: 7,
      faults: (g) => [{ type: 'isolate-leader', at: g.at, forMs: Math.min(g.len, g.healMs - g.at) }],
    },
  ],
  stepActions: [{ name: 'isolate-leader', place: 3, fault: (on, ms) => ({ type: 'isolate-leader', on, forMs: ms }) }],
  // Its partition is a fault event of its own, which cuts until the heal.
  liveness: { effect: 'disturbs' },
  report: { label: (f) => `${f.type} (s${f.leader ?? '?'}) for ${f.forMs} ms` },
};
