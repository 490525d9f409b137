// resume: let paused servers run again; what waited is delivered.
import { z } from 'zod';
import { when, who } from '../fields.ts';
import { type FaultKind, namedServers, serversLabel } from '../kind.ts';
import { kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({ type: z.literal('resume'), ...when, ...who });
export type ResumeFault = z.infer<typeof schema>;

export const resume: FaultKind<ResumeFault> = {
  type: 'resume',
  summary: 'resume paused servers',
  schema,
  targets: { named: (f) => namedServers(f.servers), role: 'servers' },
  apply(f, fx) {
    for (const s of f.servers!) fx.world.resume(node(s));
  },
  arbitrary: (o) => kindArb(o, 'resume', {}, [], true),
  episodes: [],
  stepActions: [],
  liveness: { effect: 'disturbs' },
  report: { label: serversLabel },
};
