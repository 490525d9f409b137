// A node's two clocks, as a JVM on a Linux host has them (protocol code sees only these):
// - the monotonic clock (System.nanoTime, CLOCK_MONOTONIC; ZooKeeper's Time.currentElapsedTime):
//   elapsed = origin + global × rate, and only its rate changes (a fast or slow oscillator, the
//   frequency NTP slews): it never steps;
// - the wall clock (System.currentTimeMillis, CLOCK_REALTIME; Time.currentWallTime): the
//   monotonic clock plus a step offset, which an NTP step (or an operator) moves at once, forward
//   or back. Both share the one oscillator, so a rate change moves both.
// A node's timers run by its monotonic clock (Thread.sleep, Object.wait, socket timeouts wait
// elapsed time, not wall time). Times are kept in integer microseconds of global simulated time.
// Global time 0 reads SIM_EPOCH_MS (2026-11-23T00:00:00Z) on both clocks of every node: the wall
// clock so that ctime and mtime read like dates; the monotonic one (whose origin is arbitrary,
// as nanoTime's is) the same, so an unfaulted node reads one time on both and the session ids
// built from it are never 0.

export const SIM_EPOCH_MS = 1_795_392_000_000;

export class NodeClock {
  /** The monotonic clock's reading at global time 0, µs (re-anchored when the rate changes). */
  private originUs = SIM_EPOCH_MS * 1000;
  /** Wall clock minus monotonic clock, µs: what clock steps have added up to. */
  private stepUs = 0;
  /** The rate, as a fraction off true time (50e-6 = 50 ppm fast). */
  private rateOff = 0;

  /** The monotonic clock (Time.currentElapsedTime), ms, at global time `globalUs`. */
  elapsedMs(globalUs: number): number {
    return (this.originUs + globalUs * (1 + this.rateOff)) / 1000;
  }

  /** The wall clock (Time.currentWallTime), ms, at global time `globalUs`. */
  wallMs(globalUs: number): number {
    return (this.originUs + this.stepUs + globalUs * (1 + this.rateOff)) / 1000;
  }

  /** How far off true time the clocks run (a fraction: 0.1 = 10% fast). */
  get drift(): number {
    return this.rateOff;
  }

  /**
   * How many global microseconds pass while the monotonic clock advances `ms` — rounded up,
   * and at least 1 µs for any positive delay, so a timer never fires before its deadline (code
   * that re-arms until `currentElapsedTime() >= deadline` always makes progress).
   */
  globalDelayUs(ms: number): number {
    if (!(ms > 0)) return 0;
    return Math.max(1, Math.ceil((ms * 1000) / (1 + this.rateOff)));
  }

  /** From global time `globalUs` on, both clocks run at the new rate, continuing without a jump. */
  setDrift(globalUs: number, drift: number): void {
    const elapsedUs = this.originUs + globalUs * (1 + this.rateOff);
    this.rateOff = drift;
    this.originUs = elapsedUs - globalUs * (1 + drift);
  }

  /** Step the wall clock by `ms` (negative: back); the monotonic clock does not move. */
  stepWall(ms: number): void {
    this.stepUs += Math.round(ms * 1000);
  }
}
