// clock-drift: from now on both clocks of a server run driftPpm parts per million fast (slow
// when negative) — its oscillator's rate, which the wall clock (Time.currentWallTime) and the
// monotonic clock (Time.currentElapsedTime, System.nanoTime) share. Its timers run by its
// monotonic clock, so at +100,000 ppm its sessions expire, its pings go and its timeouts fire
// in 1/1.1 of the global time they should. It sets the rate (0 restores true time) and lasts
// until the next clock-drift of the server; the clocks continue from where they were, without a
// jump. The liveness checkers stretch their bounds by the slowest rate in force.
import fc from 'fast-check';
import { z } from 'zod';
import { Target, sid, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { kindArb, sidArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({
  type: z.literal('clock-drift'),
  ...when,
  server: sid.optional(),
  target: Target.optional(),
  driftPpm: z.number().min(-100_000).max(100_000),
});
export type ClockDriftFault = z.infer<typeof schema>;

const signed = (n: number, unit: string) => `${n >= 0 ? '+' : ''}${n} ${unit}`;

export const clockDrift: FaultKind<ClockDriftFault> = {
  type: 'clock-drift',
  summary: "run both of a server's clocks driftPpm fast (negative: slow) from then on; its timers run by them",
  schema,
  targets: { named: (f) => (f.server !== undefined ? [['server', f.server]] : []), role: 'server' },
  apply(f, fx) {
    fx.world.node(node(f.server!)).clock.setDrift(fx.world.now, f.driftPpm / 1e6);
  },
  arbitrary: (o) =>
    kindArb(o, 'clock-drift', { server: sidArb(o), driftPpm: fc.integer({ min: -10_000, max: 10_000 }) }),
  // Drawn by clock-step's `clock` episode, with the step.
  episodes: [],
  stepActions: [],
  // A role target nobody held fires with no server: nothing drifts.
  liveness: {
    effect: 'drifts',
    clock: (f) => (f.server === undefined ? undefined : { server: f.server, drift: f.driftPpm / 1e6 }),
  },
  report: { label: (f) => `clock-drift s${f.server} ${signed(f.driftPpm, 'ppm')}` },
};
