// clock-step: a server's wall clock steps by stepMs (forward, or back when negative), as NTP's
// step (ntpd past 128 ms off, chronyd's makestep) or an operator's `date -s` does. Its
// monotonic clock, and so its timers, session expiry and every other deadline 3.8 keeps by
// Time.currentElapsedTime(), do not move: what moves is what 3.8 reads Time.currentWallTime()
// for — the time of the txns it proposes (a znode's ctime and mtime), the config node's mtime,
// the age of containers and TTL nodes. The seeded generator's `clock` episode (place 8, drawn as
// the retired `clock` kind was: a server, a step, a rate) steps one server's wall clock and sets
// its rate (clock-drift).
import fc from 'fast-check';
import { z } from 'zod';
import { Target, sid, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { kindArb, sidArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const DAY_MS = 86_400_000;

const schema = z.strictObject({
  type: z.literal('clock-step'),
  ...when,
  server: sid.optional(),
  target: Target.optional(),
  stepMs: z.number().min(-DAY_MS, 'must be at least -1 day').max(DAY_MS, 'must be at most 1 day'),
});
export type ClockStepFault = z.infer<typeof schema>;

/** A signed amount: `+30000 ms`. */
const signed = (n: number, unit: string) => `${n >= 0 ? '+' : ''}${n} ${unit}`;

export const clockStep: FaultKind<ClockStepFault> = {
  type: 'clock-step',
  summary:
    "step a server's wall clock by stepMs (NTP's step; negative: back); its monotonic clock and timers do not move",
  schema,
  targets: { named: (f) => (f.server !== undefined ? [['server', f.server]] : []), role: 'server' },
  apply(f, fx) {
    fx.world.node(node(f.server!)).clock.stepWall(f.stepMs);
  },
  arbitrary: (o) => kindArb(o, 'clock-step', { server: sidArb(o), stepMs: fc.integer({ min: -60_000, max: 60_000 }) }),
  episodes: [
    {
      name: 'clock',
      place: 8,
      faults: (g) => {
        const server = g.pick();
        const stepMs = Math.round((g.rng.next() - 0.5) * 60_000);
        const driftPpm = Math.round((g.rng.next() - 0.5) * 2000);
        return [
          { type: 'clock-step', at: g.at, server, stepMs },
          { type: 'clock-drift', at: g.at, server, driftPpm },
        ];
      },
    },
  ],
  stepActions: [],
  liveness: { effect: 'disturbs' },
  report: { label: (f) => `clock-step s${f.server} ${signed(f.stepMs, 'ms')}` },
};
