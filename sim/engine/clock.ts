// A node's own clock: local = offset + global * (1 + drift). Protocol code sees only this.
// Times are kept in integer microseconds of global simulated time. Global time 0 is
// SIM_EPOCH_MS on every node's wall clock (2026-11-23T00:00:00Z), so ctime and mtime read
// like dates and session ids (built from the clock) are never 0.

export const SIM_EPOCH_MS = 1_795_392_000_000;

export class NodeClock {
  /** Offset in microseconds; drift as a fraction (50e-6 = 50 ppm fast). */
  constructor(
    public offsetUs = SIM_EPOCH_MS * 1000,
    public drift = 0,
  ) {}

  /** Local time in milliseconds at global time `globalUs`. */
  localMs(globalUs: number): number {
    return (this.offsetUs + globalUs * (1 + this.drift)) / 1000;
  }

  /**
   * How many global microseconds pass while this clock advances `ms` local milliseconds —
   * rounded up, and at least 1 µs for any positive delay, so a timer never fires before its
   * local deadline (code that re-arms until `now() >= deadline` always makes progress).
   */
  globalDelayUs(ms: number): number {
    if (!(ms > 0)) return 0;
    return Math.max(1, Math.ceil((ms * 1000) / (1 + this.drift)));
  }

  /** Re-anchor at global time `globalUs` so that local time continues without a jump, then apply a new drift. */
  setDrift(globalUs: number, drift: number): void {
    const local = this.offsetUs + globalUs * (1 + this.drift);
    this.drift = drift;
    this.offsetUs = local - globalUs * (1 + drift);
  }
}
