// clock: set a server's clock — a jump of offsetMs (what now() says), and a drift in parts per
// million from now on (its timers run by its own time).
import { z } from 'zod';
import { Target, sid, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { kindArb, sidArb } from '../kind-arb.ts';
import { node } from '../targets.ts';
import fc from 'fast-check';

const schema = z.strictObject({
  type: z.literal('clock'),
  ...when,
  server: sid.optional(),
  target: Target.optional(),
  offsetMs: z.number().default(0),
  driftPpm: z.number().min(-100_000).max(100_000).default(0),
});
export type ClockFault = z.infer<typeof schema>;

export const clock: FaultKind<ClockFault> = {
  type: 'clock',
  summary: "jump a server's clock by offsetMs and let it drift by driftPpm",
  schema,
  targets: { named: (f) => (f.server !== undefined ? [['server', f.server]] : []), role: 'server' },
  apply(f, fx) {
    const c = fx.world.node(node(f.server!)).clock;
    c.setDrift(fx.world.now, f.driftPpm / 1e6);
    c.offsetUs += Math.round(f.offsetMs * 1000);
  },
  arbitrary: (o) =>
    kindArb(o, 'clock', {
      server: sidArb(o),
      offsetMs: fc.integer({ min: -1000, max: 1000 }),
      driftPpm: fc.integer({ min: -1000, max: 1000 }),
    }),
  episodes: [
    {
      name: 'clock',
      place: 8,
      faults: (g) => [
        {
          type: 'clock',
          at: g.at,
          server: g.pick(),
          offsetMs: Math.round((g.rng.next() - 0.5) * 2000),
          driftPpm: Math.round((g.rng.next() - 0.5) * 2000),
        },
      ],
    },
  ],
  stepActions: [],
  liveness: { effect: 'disturbs' },
  report: { label: (f) => `clock s${f.server} ${f.offsetMs ?? 0} ms ${f.driftPpm ?? 0} ppm` },
};
