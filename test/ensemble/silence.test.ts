// Partitions are silence, and only 3.8's own timeouts notice (issue 11, items 1, 2 and 4). The
// docs' zoo.cfg: tickTime 2000, initLimit 10, syncLimit 5 — so a synced follower's socket read
// times out 10 s after it last heard its leader (Learner.syncWithLeader: setSoTimeout(tickTime *
// syncLimit) at NEWLEADER), and the leader's LearnerHandler read of that follower too
// (LearnerHandler.run: sock.setSoTimeout(syncTimeout()) after the NEWLEADER ACK). A `reset`
// (a firewall answering RST) tells both ends at once; a pause keeps the sockets and tells nobody.
import { describe, expect, it } from 'vitest';
import { scenarioNamed } from '../../scenarios/index.ts';
import { installServer, nodeName, zooCfgText } from '../../scenarios/ensemble.ts';
import { KEEPALIVE_GIVE_UP_MS, SYN_GIVE_UP_MS, tcpGiveUpMs } from '../../sim/engine/network.ts';
import { World } from '../../sim/engine/world.ts';
import type { FaultPlan } from '../../sim/faults/plan.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { runScenario } from '../../sim/harness/runner.ts';

/** A trace event with its fields looked at loosely (these tests read many kinds' fields). */
// biome-ignore lint/suspicious/noExplicitAny: any kind's fields
type Ev = { t: number; k: string; n?: string; [field: string]: any };

const CUT_MS = 20_000;
const SYNC_MS = 5 * 2000;

/** first-start --servers 3 (server 2 leads) with `faults`; every event. */
function firstStart(faults: FaultPlan['faults'], untilMs = 45_000): Ev[] {
  const events: Ev[] = [];
  const r = runScenario({
    scenario: scenarioNamed('first-start'),
    servers: 3,
    seed: 1,
    untilMs,
    faults: { faults },
    onEvent: (e) => events.push(e as Ev),
  });
  expect(r.result.violations).toEqual([]);
  return events;
}

const sec = (e: Ev | undefined) => (e === undefined ? undefined : e.t / 1e6);
/** The first `state` event of server n at or after fromMs with that state. */
function stateAt(events: Ev[], n: string, state: string, fromMs: number): Ev | undefined {
  return events.find((e) => e.k === 'state' && e.n === n && e.state === state && e.t >= fromMs * 1000);
}
/** When the leader last sent server n anything before the cut (its last PING). */
function lastHeardBefore(events: Ev[], n: string, cutMs: number): number {
  const recv = events.filter((e) => e.k === 'recv' && e.n === n && e.from === 's2' && e.t < cutMs * 1000);
  return recv.at(-1)!.t / 1e6;
}

describe('a partition is silence: only the timeouts of 3.8 notice it', () => {
  it('s1 cut off from {2,3} at 20 s stays FOLLOWING until its read times out (syncLimit ticks after it last heard the leader); with reset it goes LOOKING at once', () => {
    const silent = firstStart([{ type: 'partition', at: CUT_MS, groups: [[1], [2, 3]] }]);
    expect(stateAt(silent, 's1', 'FOLLOWING', 0)).toBeDefined();
    const looking = stateAt(silent, 's1', 'LOOKING', CUT_MS);
    const heard = lastHeardBefore(silent, 's1', CUT_MS);
    // Learner.syncWithLeader's soTimeout: exactly syncLimit × tickTime after the last read.
    expect(sec(looking)! - heard).toBeCloseTo(SYNC_MS / 1000, 3);
    expect(sec(looking)).toBeGreaterThan(29);
    expect(sec(looking)).toBeLessThan(30.1);
    const shutdown = silent.find((e) => e.k === 'zab.learner-shutdown' && e.n === 's1' && e.t >= CUT_MS * 1000);
    expect(shutdown?.reason).toBe('Read timed out');
    // Nobody was told: no connection of s1 closed by its peer before the timeout.
    const told = silent.filter(
      (e) => e.k === 'conn' && e.what === 'close' && e.t >= CUT_MS * 1000 && e.t < looking!.t && e.why !== undefined,
    );
    expect(told).toEqual([]);
    // The leader's LearnerHandler read of s1 times out too, syncLimit ticks after s1's last ping.
    const handler = silent.find((e) => e.k === 'zab.learner-handler-error' && e.n === 's2' && e.sid === 1);
    expect(handler?.message).toMatch(/SocketTimeoutException: Read timed out/);
    expect(sec(handler)).toBeGreaterThan(29);
    expect(sec(handler)).toBeLessThan(30.1);

    const reset = firstStart([{ type: 'reset', at: CUT_MS, groups: [[1], [2, 3]] }]);
    const now = stateAt(reset, 's1', 'LOOKING', CUT_MS);
    expect(sec(now)).toBeGreaterThanOrEqual(20);
    expect(sec(now)).toBeLessThan(20.01);
    const why = reset.find((e) => e.k === 'zab.learner-shutdown' && e.n === 's1' && e.t >= CUT_MS * 1000);
    expect(why?.reason).toBe('Connection to leader broken');
  });

  it('data sent into a partition is held and delivered in order after the heal', () => {
    // s1 cut for 3 s (shorter than any timeout): it stays FOLLOWING, and what the leader sent
    // it meanwhile (its pings) arrives after the heal, in the order sent.
    const events = firstStart([{ type: 'partition', at: CUT_MS, groups: [[1], [2, 3]], forMs: 3000 }], 30_000);
    expect(stateAt(events, 's1', 'LOOKING', CUT_MS)).toBeUndefined();
    const conn = events
      .filter((e) => e.k === 'recv' && e.n === 's1' && e.from === 's2' && e.t < CUT_MS * 1000)
      .at(-1)!.conn;
    const sent = events.filter(
      (e) => e.k === 'send' && e.n === 's2' && e.conn === conn && e.t >= CUT_MS * 1000 && e.t < 23_000_000,
    );
    expect(sent.length).toBeGreaterThanOrEqual(3); // a ping every tickTime / 2
    const got = events.filter((e) => e.k === 'recv' && e.n === 's1' && e.conn === conn && e.t >= CUT_MS * 1000);
    expect(got.slice(0, sent.length).every((e) => e.t >= 23_000_000)).toBe(true);
    expect(got.slice(0, sent.length).map((e) => e.m)).toEqual(sent.map((e) => (e.msg as { type: string }).type));
  });

  it("a one-way cut of a follower's outbound link: the leader drops it within syncLimit ticks", () => {
    const events = firstStart([{ type: 'one-way', at: CUT_MS, from: [1], to: [2, 3] }]);
    const dropped = events.find((e) => e.k === 'zab.learner-handler-error' && e.n === 's2' && e.sid === 1);
    expect(dropped).toBeDefined();
    // s1's last packet to the leader (a ping reply) was at most a tick before the cut.
    expect(sec(dropped)! - CUT_MS / 1000).toBeLessThanOrEqual(SYNC_MS / 1000);
    expect(sec(dropped)! - CUT_MS / 1000).toBeGreaterThan(SYNC_MS / 1000 - 2);
    // The leader's close reaches s1 (that way is open): s1 goes LOOKING then, not before.
    const looking = stateAt(events, 's1', 'LOOKING', CUT_MS);
    expect(looking!.t).toBeGreaterThanOrEqual(dropped!.t);
  });

  it('a leader paused 15 s loses its followers; on resume its late timers end its leadership', () => {
    const events = firstStart([{ type: 'pause', at: CUT_MS, servers: [2], forMs: 15_000 }], 60_000);
    for (const f of ['s1', 's3']) {
      const looking = stateAt(events, f, 'LOOKING', CUT_MS);
      // Nothing tells a follower sooner than its read timeout: syncLimit ticks after the last ping.
      expect(sec(looking)! - lastHeardBefore(events, f, CUT_MS)).toBeCloseTo(SYNC_MS / 1000, 3);
      expect(events.find((e) => e.k === 'zab.learner-shutdown' && e.n === f && e.t >= CUT_MS * 1000)?.reason).toBe(
        'Read timed out',
      );
    }
    // s1 and s3 elect a new leader while s2 sleeps; s2 stops leading only after it resumes.
    const newLeader = events.find((e) => e.k === 'state' && e.state === 'LEADING' && e.t > CUT_MS * 1000);
    expect(newLeader?.n).toBe('s3');
    expect(sec(newLeader)).toBeLessThan(35);
    const end = events.find((e) => e.k === 'zab.leader-shutdown' && e.n === 's2');
    expect(sec(end)).toBeGreaterThanOrEqual(35);
  });
});

describe('a client paused past its session timeout finds its session expired', () => {
  it('the leader expires the silent session one timeout after it last heard it; the client hears so only after it resumes', async () => {
    const world = new World(1);
    const roles = new RoleTracker();
    const events: Ev[] = [];
    world.trace.subscribe((e) => {
      roles.onEvent(e);
      events.push(e as Ev);
    });
    const shape = { servers: 3, tickTime: 2000, initLimit: 10, syncLimit: 5 };
    for (let sid = 1; sid <= 3; sid++) installServer(world, sid, zooCfgText(shape, sid));
    for (let sid = 1; sid <= 3; sid++) world.start(nodeName(sid));
    world.run({ untilMs: 3000 });
    const leader = Number(roles.leader()!.slice(1));
    const SESSION = 6000;
    const c = new SimClient(world, 'c1', `localhost:${2181 + leader}`, SESSION);
    await c.open();
    expect(c.sessionTimeout()).toBe(SESSION);
    c.advance(500);
    const pausedAt = world.nowMs;
    const lastSend = events.filter((e) => e.k === 'send' && e.n === 'c1').at(-1)!.t / 1000;
    world.pause('c1');
    world.run({ untilMs: pausedAt + 20_000 });
    const expired = events.find((e) => e.k === 'zk.session-expire' && e.session === c.sessionId());
    expect(expired?.n).toBe(nodeName(leader));
    // No sooner than one timeout after the client's last packet (ExpiryQueue rounds up to a tick).
    expect(expired!.t / 1000).toBeGreaterThanOrEqual(lastSend + SESSION);
    expect(expired!.t / 1000).toBeLessThanOrEqual(lastSend + SESSION + 2 * shape.tickTime);
    // The paused client heard nothing; after resume its late read timeout fires, it reconnects
    // and is told its session expired.
    expect(events.some((e) => e.n === 'c1' && e.k.startsWith('client.') && e.t > pausedAt * 1000)).toBe(false);
    world.resume('c1');
    world.run({ untilMs: world.nowMs + 10_000 });
    const after = events.filter((e) => e.n === 'c1' && e.t >= (pausedAt + 20_000) * 1000).map((e) => e.k);
    expect(after).toContain('client.timeout');
    expect(after).toContain('client.expired');
  });
});

describe("TCP's give-up, as Linux times it", () => {
  it('tcp_retries2 = 15 gives up after 924.6 s (the RTO doubling from 200 ms, at most 120 s); SYN retries after 127 s; keepalive after 7875 s', () => {
    expect(tcpGiveUpMs(15)).toBeCloseTo(924_600, 6);
    expect(tcpGiveUpMs(3)).toBeCloseTo(3000, 6); // 0.2 + 0.4 + 0.8 + 1.6
    expect(tcpGiveUpMs(9)).toBeCloseTo(204_600, 6);
    expect(SYN_GIVE_UP_MS).toBe(127_000);
    expect(KEEPALIVE_GIVE_UP_MS).toBe(7_875_000);
  });

  it('--tcp-retries2 3: a follower whose leader is partitioned away gives up its pending write 3 s after sending it', () => {
    // Follower s1 sends into the partition (its ping replies); with tcp_retries2 = 3 its TCP
    // gives up 3 s after the first unacknowledged one — before the 10 s read timeout.
    const events: Ev[] = [];
    runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 3,
      seed: 1,
      untilMs: 40_000,
      tcpRetries2: 3,
      faults: { faults: [{ type: 'partition', at: CUT_MS, groups: [[1], [2, 3]] }] },
      onEvent: (e) => events.push(e as Ev),
    } as Parameters<typeof runScenario>[0]);
    const gaveUp = events.find((e) => e.k === 'conn' && e.n === 's1' && e.what === 'close' && e.why === 'timeout');
    expect(gaveUp).toBeDefined();
    const conn = gaveUp!.conn;
    const firstHeld = events.find((e) => e.k === 'send' && e.n === 's1' && e.conn === conn && e.t >= CUT_MS * 1000)!;
    expect((gaveUp!.t - firstHeld.t) / 1000).toBeCloseTo(3000, 0);
  });
});
