// isolate: cut the servers off from every other server (a partition of them against the rest,
// traced as its own partition fault: silence; with reset, a reset fault), and heal forMs later.
import { z } from 'zod';
import { forMs, when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { forMsArb, kindArb } from '../kind-arb.ts';
import { serverIds } from '../targets.ts';

const schema = z.strictObject({
  type: z.literal('isolate'),
  ...when,
  ...who,
  forMs,
  /** Cut with RSTs (a `reset` fault) rather than silence, as every isolate did up to zksim generator v2. */
  reset: z.literal(true).optional(),
});
export type IsolateFault = z.infer<typeof schema>;

export const isolate: FaultKind<IsolateFault> = {
  type: 'isolate',
  summary: 'cut servers off from every other server; heal forMs later',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    const cut = f.servers!;
    const rest = serverIds(fx.world).filter((x) => !cut.includes(x));
    if (rest.length > 0) fx.apply({ type: f.reset ? 'reset' : 'partition', at: 0, groups: [cut, rest] });
    fx.later(f.forMs, 'heal', { type: 'heal', at: 0 });
  },
  arbitrary: (o) => kindArb(o, 'isolate', { forMs: forMsArb }, ['forMs'], true),
  episodes: [],
  stepActions: [
    {
      name: 'isolate-trigger-node',
      place: 1,
      fault: (on, ms) => ({ type: 'isolate', on, target: 'trigger-node', forMs: ms }),
    },
  ],
  // Its partition is a fault event of its own, which cuts until the heal.
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
