// disk-stall: the servers' fsyncs do not complete until forMs from now (a stalled disk: writes
// queue, the request pipeline waits on them).
import { z } from 'zod';
import { forMs, when, who } from '../fields.ts';
import { type FaultKind, namedServers } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('disk-stall'), ...when, ...who, forMs });
export type DiskStallFault = z.infer<typeof schema>;

export const diskStall: FaultKind<DiskStallFault> = {
  type: 'disk-stall',
  summary: 'stall the fsyncs of servers until forMs from then',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    const w = fx.world;
    for (const s of f.servers!) w.node(node(s)).stallUntilUs = w.now + Math.round(f.forMs * 1000);
  },
  arbitrary: (o) => kindArb(o, 'disk-stall', { forMs: forMsArb }, ['forMs'], true),
  episodes: [
    {
      name: 'disk-stall',
      place: 5,
      faults: (g) => [{ type: 'disk-stall', at: g.at, servers: [g.pick()], forMs: Math.min(g.len, 3000) }],
    },
  ],
  stepActions: [
    {
      name: 'disk-stall-trigger-node',
      place: 4,
      fault: (on, ms) => ({ type: 'disk-stall', on, target: 'trigger-node', forMs: Math.min(ms, 3000) }),
    },
  ],
  liveness: { effect: 'stalls', ms: (f) => f.forMs },
  report: {
    label: (f) => `disk-stall ${f.forMs} ms`,
    span: {
      shade: 'disk-stall',
      css: 'fill: #c9a0dc; fill-opacity: 0.4;',
      lanes: (f) => f.servers ?? [],
      ms: (f) => f.forMs,
    },
  },
};
