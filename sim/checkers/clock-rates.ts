// The servers' clock rates, as the liveness checkers need them: their bounds are counted in
// global simulated time, while every timeout they allow for (initLimit and syncLimit ticks, the
// election's back-off, the client's read timeout) runs by a server's monotonic clock. A server
// whose clock runs slow by d waits out a timeout of T ms in T / (1 + d) global ms (clock-drift,
// sim/faults/kinds/clock-drift.ts, and any kind whose liveness `drifts`); a wall-clock step
// (clock-step) moves no timeout and changes nothing here. Read from fault events only.
import type { TraceEvent } from '../engine/trace.ts';
import { firedFault } from '../faults/registry.ts';

export class ClockRates {
  private readonly drift = new Map<number, number>();

  /** Note a fault event that sets a clock's rate. */
  track(ev: TraceEvent): void {
    if (ev.k !== 'fault') return;
    const { kind, fault } = firedFault(ev);
    if (kind?.liveness.effect !== 'drifts') return;
    const c = kind.liveness.clock(fault);
    if (!c) return;
    if (c.drift === 0) this.drift.delete(c.server);
    else this.drift.set(c.server, c.drift);
  }

  /** `ms` of the slowest clock in force, in global ms (>= ms: a fast clock shortens nothing here). */
  stretch(ms: number): number {
    let slowest = 0;
    for (const d of this.drift.values()) slowest = Math.min(slowest, d);
    return ms / (1 + slowest);
  }
}
