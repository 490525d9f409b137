// power-off: the servers' hosts lose power — the process dies as in a crash (writes not yet
// fsynced lost) but no kernel is left to reset its connections: its peers hear silence, their
// data waits (TCP retransmission) and connects to it time out; once the host is back (it starts
// again: with forMs, forMs later), what reaches its old connections is answered with RST and
// its ports refuse until the process listens. Compare crash, whose live kernel resets them at once.
import { z } from 'zod';
import { forMs, when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('power-off'), ...when, ...who, forMs: forMs.optional() });
export type PowerOffFault = z.infer<typeof schema>;

export const powerOff: FaultKind<PowerOffFault> = {
  type: 'power-off',
  summary: 'power servers off (a crash whose peers hear silence, not RST); with forMs, start them forMs later',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    for (const s of f.servers!) fx.world.powerOff(node(s));
    fx.later(f.forMs, 'power on', { type: 'start', at: 0, servers: f.servers! });
  },
  arbitrary: (o) => kindArb(o, 'power-off', { forMs: forMsArb }, o.healing ? ['forMs'] : [], true),
  episodes: [
    {
      name: 'power-off',
      place: 10,
      faults(g) {
        const s = g.pick();
        return [
          { type: 'power-off', at: g.at, servers: [s] },
          { type: 'start', at: g.end, servers: [s] },
        ];
      },
    },
  ],
  stepActions: [
    {
      name: 'power-off-trigger-node',
      place: 5,
      fault: (on, ms) => ({ type: 'power-off', on, target: 'trigger-node', forMs: ms }),
    },
  ],
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
