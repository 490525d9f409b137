// heal: every partition and one-way cut ends; held data flows again.
import { z } from 'zod';
import { when } from '../fields.ts';
import { type FaultKind, serversLabel } from '../kind.ts';
import { kindArb } from '../kind-arb.ts';

const schema = z.strictObject({ type: z.literal('heal'), ...when });
export type HealFault = z.infer<typeof schema>;

export const heal: FaultKind<HealFault> = {
  type: 'heal',
  summary: 'end every partition and one-way cut',
  schema,
  targets: { named: () => [] },
  apply(_f, fx) {
    fx.world.net.healAll();
  },
  arbitrary: (o) => kindArb(o, 'heal'),
  episodes: [],
  stepActions: [],
  liveness: { effect: 'heals' },
  report: { label: serversLabel, heals: true },
};
