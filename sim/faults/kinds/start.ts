// start: start servers that are down (a server already up is left alone).
import { z } from 'zod';
import { when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('start'), ...when, ...who });
export type StartFault = z.infer<typeof schema>;

export const start: FaultKind<StartFault> = {
  type: 'start',
  summary: 'start servers that are down',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    for (const s of f.servers!) fx.world.start(node(s));
  },
  arbitrary: (o) => kindArb(o, 'start', {}, [], true),
  episodes: [],
  stepActions: [],
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
