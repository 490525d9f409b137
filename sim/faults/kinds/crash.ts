// crash: the servers' processes die — the kernel resets their connections, writes not yet
// fsynced are lost (a torn tail entry maybe left); with forMs, they restart forMs later.
import { z } from 'zod';
import { forMs, when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('crash'), ...when, ...who, forMs: forMs.optional() });
export type CrashFault = z.infer<typeof schema>;

export const crash: FaultKind<CrashFault> = {
  type: 'crash',
  summary: 'crash servers (unsynced writes lost); with forMs, restart them forMs later',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    for (const s of f.servers!) fx.world.crash(node(s));
    fx.later(f.forMs, 'restart', { type: 'restart', at: 0, servers: f.servers! });
  },
  arbitrary: (o) => kindArb(o, 'crash', { forMs: forMsArb }, o.healing ? ['forMs'] : [], true),
  episodes: [
    {
      name: 'crash',
      place: 0,
      faults(g) {
        const s = g.pick();
        return [
          { type: 'crash', at: g.at, servers: [s] },
          { type: 'restart', at: g.end, servers: [s] },
        ];
      },
    },
  ],
  stepActions: [
    {
      name: 'crash-trigger-node',
      place: 0,
      fault: (on, ms) => ({ type: 'crash', on, target: 'trigger-node', forMs: ms }),
    },
  ],
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
