// Fault kinds this zksim no longer has, read from plans and replay files that older versions
// wrote: as the kinds that replaced them where the old meaning maps onto them exactly, else a
// one-line error saying why it cannot (the plan schema runs this before it reads a fault).
//
// `clock` (generator v1 and before): {server | target, offsetMs = 0, driftPpm = 0} gave a server
// one clock, which every deadline and every date read: offsetMs jumped it, driftPpm set its rate
// from then on. Now a server has two clocks (sim/engine/clock.ts), a wall clock that steps and a
// monotonic clock that only drifts, and 3.8 reads the monotonic one for session expiry, the
// learner's connect deadline and its other deadlines. So a `clock` fault that only set a rate is
// exactly `clock-drift` (the rate of both clocks); one that jumped the clock moved session
// expiry, which no fault can now do (3.8's own clock for it cannot jump): that is an error.
import type { z } from 'zod';
import type { Fault, FaultPlan } from './plan.ts';

/** A fault as JSON, upgraded if of a retired kind; an issue on ctx (and the fault unchanged) if it cannot be. */
export function upgradeRetired(raw: unknown, ctx: z.RefinementCtx): unknown {
  if (raw === null || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'clock') return raw;
  const { type: _type, offsetMs, driftPpm, ...rest } = raw as Record<string, unknown>;
  if (offsetMs !== undefined && offsetMs !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['offsetMs'],
      input: offsetMs,
      message: `the retired 'clock' fault (zksim generator v1) jumped the one clock that session expiry and ctime both read; 3.8 keeps expiry by a monotonic clock that cannot jump, so this fault has no equivalent now (a wall-clock jump is clock-step, a rate clock-drift): the run cannot be rebuilt`,
    });
    return raw;
  }
  return { type: 'clock-drift', ...rest, driftPpm: driftPpm ?? 0 };
}

/**
 * A plan of a zksim of generator v2 or before (or unknown), as this one must read it to run what
 * that one ran: its partitions reset every crossing connection at once (now the `reset` fault;
 * a `partition` is silence since v3), and so did the partitions of isolate and isolate-leader.
 * One-way cuts held data then as now.
 */
export function legacyPartitions(plan: FaultPlan): FaultPlan {
  const up = (f: Fault): Fault => {
    if (f.type === 'partition') return { ...f, type: 'reset' };
    if (f.type === 'isolate' || f.type === 'isolate-leader') return { ...f, reset: true };
    return f;
  };
  return { ...plan, faults: plan.faults.map(up) };
}
