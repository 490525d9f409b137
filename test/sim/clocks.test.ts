// Two clocks per node (sim/engine/clock.ts): a wall clock that steps (clock-step) and a monotonic
// clock that only drifts (clock-drift: the rate of both); timers run by the monotonic one. The
// fault kinds as data, the retired `clock` kind read from old plans, and what an actor sees.
import { describe, expect, it } from 'vitest';
import type { Actor, Context } from '../../protocol/actor.ts';
import { NodeClock, SIM_EPOCH_MS } from '../../sim/engine/clock.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { applyFault, parseFaultPlan } from '../../sim/faults/plan.ts';
import { expectPlanError } from '../support/plan-error.ts';

describe('NodeClock', () => {
  it('a step moves the wall clock only, forward or back; the monotonic clock reads on', () => {
    const c = new NodeClock();
    expect(c.wallMs(1_000_000)).toBe(SIM_EPOCH_MS + 1000);
    expect(c.elapsedMs(1_000_000)).toBe(SIM_EPOCH_MS + 1000);
    c.stepWall(30_000);
    expect(c.wallMs(1_000_000)).toBe(SIM_EPOCH_MS + 31_000);
    expect(c.elapsedMs(1_000_000)).toBe(SIM_EPOCH_MS + 1000);
    c.stepWall(-60_000);
    expect(c.wallMs(2_000_000)).toBe(SIM_EPOCH_MS + 2000 - 30_000);
    expect(c.elapsedMs(2_000_000)).toBe(SIM_EPOCH_MS + 2000);
    expect(c.globalDelayUs(1000)).toBe(1_000_000);
  });

  it('a rate moves both clocks from then on, without a jump; timers wait by it', () => {
    const c = new NodeClock();
    c.stepWall(5000);
    c.setDrift(10_000_000, 0.1); // at global 10 s: 10% fast
    expect(c.elapsedMs(10_000_000)).toBe(SIM_EPOCH_MS + 10_000);
    expect(c.wallMs(10_000_000)).toBe(SIM_EPOCH_MS + 15_000);
    expect(c.elapsedMs(20_000_000)).toBeCloseTo(SIM_EPOCH_MS + 21_000, 6);
    expect(c.wallMs(20_000_000)).toBeCloseTo(SIM_EPOCH_MS + 26_000, 6);
    expect(c.globalDelayUs(1100)).toBe(1_000_000);
    c.setDrift(20_000_000, 0);
    expect(c.elapsedMs(30_000_000)).toBeCloseTo(SIM_EPOCH_MS + 31_000, 6);
  });
});

/** Sets a 1 s timer three times; notes both clocks when each fires. */
class Ticker implements Actor {
  fired: { wall: number; elapsed: number }[] = [];
  constructor(private readonly ctx: Context) {}
  start(): void {
    this.ctx.setTimer(1000, 'tick', () => this.tick());
  }
  onMessage(): void {}
  private tick(): void {
    this.fired.push({
      wall: Math.round(this.ctx.currentWallTime() - SIM_EPOCH_MS),
      elapsed: Math.round(this.ctx.currentElapsedTime() - SIM_EPOCH_MS),
    });
    if (this.fired.length < 3) this.ctx.setTimer(1000, 'tick', () => this.tick());
  }
}

function tickers(faults: Parameters<typeof applyFault>[1][]) {
  const world = new World(1);
  const t: Record<string, Ticker> = {};
  for (const n of ['s1', 's2']) world.addNode(n, (ctx) => (t[n] = new Ticker(ctx)));
  for (const f of faults) applyFault(world, f);
  const global: Record<string, number[]> = { s1: [], s2: [] };
  world.trace.subscribe((e: TraceEvent) => {
    if (e.k === 'timer') global[e.n!]!.push(Math.round(e.t / 1000));
  });
  world.start('s1');
  world.start('s2');
  world.run();
  return { t, global };
}

describe('what an actor sees', () => {
  it('clock-step: the wall clock jumps, the timers and the monotonic clock do not', () => {
    const { t, global } = tickers([{ type: 'clock-step', at: 0, server: 2, stepMs: -30_000 }]);
    expect(t.s1!.fired).toEqual([
      { wall: 1000, elapsed: 1000 },
      { wall: 2000, elapsed: 2000 },
      { wall: 3000, elapsed: 3000 },
    ]);
    expect(t.s2!.fired.map((f) => f.wall)).toEqual([-29_000, -28_000, -27_000]);
    expect(t.s2!.fired.map((f) => f.elapsed)).toEqual([1000, 2000, 3000]);
    expect(global.s2).toEqual(global.s1);
  });

  it('clock-drift: both clocks and the timers run at the rate (10% fast: 1000 ms in ~909 global ms)', () => {
    const { t, global } = tickers([{ type: 'clock-drift', at: 0, server: 2, driftPpm: 100_000 }]);
    expect(t.s2!.fired).toEqual([
      { wall: 1000, elapsed: 1000 },
      { wall: 2000, elapsed: 2000 },
      { wall: 3000, elapsed: 3000 },
    ]);
    expect(global.s1).toEqual([1000, 2000, 3000]);
    expect(global.s2).toEqual([909, 1818, 2727]);
  });
});

describe('clock faults as data', () => {
  it('clock-step and clock-drift need their amount; each names its server', () => {
    expect(
      parseFaultPlan('{"faults": [{"type": "clock-step", "at": 0, "server": 1, "stepMs": -30000}]}').faults,
    ).toEqual([{ type: 'clock-step', at: 0, server: 1, stepMs: -30_000 }]);
    expectPlanError('{"faults": [{"type": "clock-step", "at": 0, "server": 1}]}', /^fault plan faults\[0\]\.stepMs: /);
    expectPlanError(
      '{"faults": [{"type": "clock-drift", "at": 0, "server": 1, "driftPpm": 200000}]}',
      /^fault plan faults\[0\]\.driftPpm: /,
    );
    expectPlanError(
      '{"faults": [{"type": "clock-drift", "at": 0, "server": 9, "driftPpm": 5}]}',
      /^fault plan faults\[0\]\.server: server 9 is not in the ensemble/,
    );
  });

  it('the retired `clock` kind: a rate only is exactly clock-drift (both clocks); a jump cannot be rebuilt', () => {
    expect(parseFaultPlan('{"faults": [{"type": "clock", "at": 5, "server": 1, "driftPpm": 50}]}').faults).toEqual([
      { type: 'clock-drift', at: 5, server: 1, driftPpm: 50 },
    ]);
    expect(
      parseFaultPlan('{"faults": [{"type": "clock", "at": 5, "target": "leader", "offsetMs": 0}]}').faults,
    ).toEqual([{ type: 'clock-drift', at: 5, target: 'leader', driftPpm: 0 }]);
    expectPlanError(
      '{"faults": [{"type": "clock", "at": 5, "server": 1, "offsetMs": 412, "driftPpm": 50}]}',
      /^fault plan faults\[0\]\.offsetMs: the retired 'clock' fault .*jumped the one clock that session expiry and ctime both read.*cannot be rebuilt$/,
    );
  });
});
