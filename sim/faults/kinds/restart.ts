// restart: crash the servers and start them again at once (a process restart).
import { z } from 'zod';
import { when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('restart'), ...when, ...who });
export type RestartFault = z.infer<typeof schema>;

export const restart: FaultKind<RestartFault> = {
  type: 'restart',
  summary: 'crash servers and start them again at once',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    for (const s of f.servers!) fx.world.restart(node(s));
  },
  arbitrary: (o) => kindArb(o, 'restart', {}, [], true),
  episodes: [],
  stepActions: [],
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
