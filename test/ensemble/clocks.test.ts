// Which clock 3.8 reads, seen from a running ensemble (sim/engine/clock.ts: a wall clock that
// steps, a monotonic clock whose rate drifts). Session expiry is ExpiryQueue's
// Time.currentElapsedTime() on the leader (SessionTrackerImpl), so stepping the leader's wall
// clock ±30 s moves no expiry, while a leader clock 10% fast expires a silent session in 1/1.1 of
// the global time. A txn's time — a znode's ctime and mtime — is the leader's
// Time.currentWallTime() (PrepRequestProcessor's TxnHeader), so it follows the stepped wall
// clock, and a follower's step changes nothing there. Hand-timed worlds (fixed links).
import { describe, expect, it } from 'vitest';
import { CreateMode, Ids } from '../../protocol/data.ts';
import { installServer, nodeName, zooCfgText } from '../../scenarios/ensemble.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { applyFault, type Fault } from '../../sim/faults/plan.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';

const addr = (sid: number) => `localhost:${2181 + sid}`;
/** tickTime 500 ms (expiry buckets of half a second; initLimit 40, syncLimit 20 ticks keep 3.8's 20 s and 10 s), sessions up to 60 s. */
const TICK = 500;
const SESSION_MS = 60_000;

function ensemble() {
  const world = new World(1);
  const roles = new RoleTracker();
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    events.push(e);
  });
  const shape = { servers: 3, tickTime: TICK, initLimit: 40, syncLimit: 20 };
  for (let sid = 1; sid <= 3; sid++)
    installServer(world, sid, `${zooCfgText(shape, sid)}maxSessionTimeout=${SESSION_MS}\n`);
  for (let sid = 1; sid <= 3; sid++) world.start(nodeName(sid));
  world.run({ untilMs: 3000 });
  const leader = Number(roles.leader()!.slice(1));
  return { world, events, leader, follower: [1, 2, 3].find((s) => s !== leader)! };
}

/**
 * A client of the leader opens a session; `fault(leader)` is applied; 1 s later the client's
 * process crashes (its session goes silent). Returns how long after the crash, in global ms, the
 * leader expired the session.
 */
async function expiryAfterSilence(fault?: (leader: number) => Fault): Promise<number> {
  const { world, events, leader } = ensemble();
  const c = new SimClient(world, 'c1', addr(leader), SESSION_MS);
  await c.open();
  expect(c.sessionTimeout()).toBe(SESSION_MS);
  if (fault) applyFault(world, fault(leader));
  c.advance(1000);
  const silentAt = world.nowMs;
  world.crash('c1');
  world.run({ untilMs: silentAt + 2 * SESSION_MS });
  const expired = events.find((e) => e.k === 'zk.session-expire' && e.session === c.sessionId());
  expect(expired?.n).toBe(nodeName(leader));
  return expired!.t / 1000 - silentAt;
}

describe('session expiry reads the monotonic clock (ExpiryQueue: Time.currentElapsedTime)', () => {
  it('a wall-clock step of +30 s or -30 s on the leader changes no session expiry time', async () => {
    const base = await expiryAfterSilence();
    // One timeout after the last touch, rounded up to the next tick bucket.
    expect(base).toBeGreaterThanOrEqual(SESSION_MS - 1000);
    expect(base).toBeLessThanOrEqual(SESSION_MS + TICK);
    for (const stepMs of [30_000, -30_000])
      expect(await expiryAfterSilence((leader) => ({ type: 'clock-step', at: 0, server: leader, stepMs }))).toBe(base);
  });

  it('a leader clock 10% fast (clock-drift +100,000 ppm) shortens expiry by about 10% of global time (× 1/1.1)', async () => {
    const base = await expiryAfterSilence();
    const fast = await expiryAfterSilence((leader) => ({
      type: 'clock-drift',
      at: 0,
      server: leader,
      driftPpm: 100_000,
    }));
    const shortened = 1 - fast / base;
    // 1 - 1/1.1 = 9.1%; a tick bucket (500 ms of 60 s) of rounding either way.
    expect(shortened).toBeGreaterThan(0.091 - 0.01);
    expect(shortened).toBeLessThan(0.091 + 0.01);
    // A slow clock (-10%) lengthens it by 1/0.9.
    const slow = await expiryAfterSilence((leader) => ({
      type: 'clock-drift',
      at: 0,
      server: leader,
      driftPpm: -100_000,
    }));
    expect(slow / base).toBeGreaterThan(1 / 0.9 - 0.01);
    expect(slow / base).toBeLessThan(1 / 0.9 + 0.01);
  });
});

describe('ctime and mtime read the wall clock (PrepRequestProcessor: Time.currentWallTime)', () => {
  async function times(step: (leader: number, follower: number) => Fault) {
    const { world, leader, follower } = ensemble();
    const c = new SimClient(world, 'c1', addr(follower), 30_000);
    await c.open();
    const a = await c.create('/a', 'x', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    applyFault(world, step(leader, follower));
    c.advance(1000);
    const b = await c.create('/b', 'x', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    const set = await c.setData('/a', 'y', -1);
    return { a: a.stat, b: b.stat, set };
  }

  it('a txn proposed after the leader’s wall clock steps carries the stepped time: ctime and mtime jump with it', async () => {
    for (const stepMs of [30_000, -30_000]) {
      const { a, b, set } = await times((leader) => ({ type: 'clock-step', at: 0, server: leader, stepMs }));
      // About 1 s passed between the creates, plus the step.
      expect(b.ctime - a.ctime - stepMs).toBeGreaterThanOrEqual(1000);
      expect(b.ctime - a.ctime - stepMs).toBeLessThan(1100);
      expect(b.mtime).toBe(b.ctime);
      // setData after the step: mtime moves by the step, ctime stays.
      expect(set.ctime).toBe(a.ctime);
      expect(set.mtime - a.mtime - stepMs).toBeGreaterThanOrEqual(1000);
    }
  });

  it('a step of a follower’s wall clock (the client’s server) does not: the leader stamps the txns', async () => {
    const { a, b } = await times((_leader, follower) => ({
      type: 'clock-step',
      at: 0,
      server: follower,
      stepMs: 30_000,
    }));
    expect(b.ctime - a.ctime).toBeGreaterThanOrEqual(1000);
    expect(b.ctime - a.ctime).toBeLessThan(1100);
  });
});
