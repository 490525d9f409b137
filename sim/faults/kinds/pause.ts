// pause: stop the servers' processes (SIGSTOP, a long GC pause): sockets stay open, timers and
// messages wait; with forMs, resume them forMs later.
import { z } from 'zod';
import { forMs, when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('pause'), ...when, ...who, forMs: forMs.optional() });
export type PauseFault = z.infer<typeof schema>;

export const pause: FaultKind<PauseFault> = {
  type: 'pause',
  summary: 'pause servers (SIGSTOP: sockets kept, timers late); with forMs, resume them forMs later',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    for (const s of f.servers!) fx.world.pause(node(s));
    fx.later(f.forMs, 'resume', { type: 'resume', at: 0, servers: f.servers! });
  },
  arbitrary: (o) => kindArb(o, 'pause', { forMs: forMsArb }, o.healing ? ['forMs'] : [], true),
  episodes: [
    {
      // A long GC pause or SIGSTOP: its peers hear silence; on resume its timers fire late.
      name: 'pause',
      place: 11,
      faults(g) {
        const s = g.pick();
        return [
          { type: 'pause', at: g.at, servers: [s] },
          { type: 'resume', at: g.end, servers: [s] },
        ];
      },
    },
  ],
  stepActions: [
    {
      name: 'pause-trigger-node',
      place: 6,
      fault: (on, ms) => ({ type: 'pause', on, target: 'trigger-node', forMs: ms }),
    },
  ],
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
