// isolate-leader: cut whichever server leads when the fault fires off from every other server
// (traced as its own partition fault); heal forMs later. Its fault event names the leader.
import { z } from 'zod';
import { forMs, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { serverIds } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('isolate-leader'), ...when, forMs });
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
    fx.apply({ type: 'partition', at: 0, groups: [[sid], serverIds(fx.world).filter((x) => x !== sid)] });
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
