// A node's own clock: local = offset + global * (1 + drift). Protocol code sees only this.
// Times are kept in integer microseconds of global simulated time.

export class NodeClock {
  /** Offset in microseconds; drift as a fraction (50e-6 = 50 ppm fast). */
  constructor(
    public offsetUs = 0,
    public drift = 0,
  ) {}

  /** Local time in milliseconds at global time `globalUs`. */
  localMs(globalUs: number): number {
    return (this.offsetUs + globalUs * (1 + this.drift)) / 1000;
  }

  /** How many global microseconds pass while this clock advances `ms` local milliseconds. */
  globalDelayUs(ms: number): number {
    return Math.max(0, Math.round((ms * 1000) / (1 + this.drift)));
  }

  /** Re-anchor at global time `globalUs` so that local time continues without a jump, then apply a new drift. */
  setDrift(globalUs: number, drift: number): void {
    const local = this.offsetUs + globalUs * (1 + this.drift);
    this.drift = drift;
    this.offsetUs = local - globalUs * (1 + drift);
  }
}
