// crash-leader: crash whichever server leads when the fault fires; restart it forMs later. Its
// fault event names the leader it hit (null: nobody led then, and nothing happens).
import { z } from 'zod';
import { forMs, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('crash-leader'), ...when, forMs });
export type CrashLeaderFault = z.infer<typeof schema>;

export const crashLeader: FaultKind<CrashLeaderFault> = {
  type: 'crash-leader',
  summary: 'crash whichever server leads then; restart it forMs later',
  schema,
  targets: { named: () => [] },
  traced: (_f, fx) => ({ leader: fx.leader() ?? null }),
  apply(f, fx) {
    const sid = fx.leader();
    if (sid === undefined) return;
    fx.world.crash(node(sid));
    fx.later(f.forMs, 'restart leader', { type: 'restart', at: 0, servers: [sid] });
  },
  arbitrary: (o) => kindArb(o, 'crash-leader', { forMs: forMsArb }),
  episodes: [
    {
      name: 'crash-leader',
      place: 6,
      faults: (g) => [{ type: 'crash-leader', at: g.at, forMs: Math.min(g.len, g.healMs - g.at) }],
    },
  ],
  stepActions: [{ name: 'crash-leader', place: 2, fault: (on, ms) => ({ type: 'crash-leader', on, forMs: ms }) }],
  liveness: { effect: 'disturbs' },
  report: { label: (f) => `${f.type} (s${f.leader ?? '?'}) for ${f.forMs} ms` },
};
