// A client's sync on the leader is served like a read: LeaderZooKeeperServer builds its
// CommitProcessor with matchSyncs false (CommitProcessor.needCommit: `case OpCode.sync: return
// matchSyncs`) and ProposalRequestProcessor.processRequest hands Leader.processSync only a
// learner's sync (LearnerSyncRequest). So the leader answers its own client's sync at once — in
// order with that session's requests — without waiting for another session's proposal in flight;
// a follower's sync still waits for it (Leader.processSync: pendingSyncs at lastProposed).
// Hand-timed: slow leader↔follower links hold a proposal's quorum ACK for seconds.
import { describe, expect, it } from 'vitest';
import { CreateMode, Ids } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import { installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import type { EventOf } from '../../sim/engine/trace-events.ts';
import { World } from '../../sim/engine/world.ts';
import { defaultLink } from '../../sim/engine/network.ts';

const addr = (sid: number) => `localhost:${2181 + sid}`;

async function inFlight() {
  const world = new World(1);
  const roles = new RoleTracker();
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    events.push(e);
  });
  installEnsemble(world, { servers: 3 });
  for (let i = 1; i <= 3; i++) world.start(nodeName(i));
  world.run({ untilMs: 3000 });
  const leader = Number(roles.leader()!.slice(1));
  const followers = [1, 2, 3].filter((s) => s !== leader);
  const writer = new SimClient(world, 'cw', addr(leader));
  const onLeader = new SimClient(world, 'cl', addr(leader));
  const onFollower = new SimClient(world, 'cf', addr(followers[0]!));
  await writer.open();
  await onLeader.open();
  await onFollower.open();
  // ACKs of the next proposal take 2 × 1500 ms to come back.
  for (const f of followers) world.net.setLink(nodeName(leader), nodeName(f), { ...defaultLink, latencyMs: 1500 });
  let created = false;
  writer.zk.create('/x', 'v', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc) => (created = rc === Code.OK));
  world.run({ untilMs: world.nowMs + 50 });
  const proposed = events.find((e): e is EventOf<'zab.propose'> => e.k === 'zab.propose' && e.type === 1);
  expect(proposed).toBeDefined();
  const committedAt = () => {
    const c = events.find((e) => e.k === 'zab.commit' && e.zxid === proposed!.zxid);
    return c ? c.t / 1000 : undefined; // trace time is in µs
  };
  return { world, writer, onLeader, onFollower, committedAt, isCreated: () => created };
}

describe('sync on the leader (CommitProcessor with matchSyncs off)', () => {
  it("the leader answers its own client's sync at once, before another session's proposal in flight commits", async () => {
    const { world, onLeader, committedAt, isCreated } = await inFlight();
    const t0 = world.nowMs;
    await onLeader.sync('/');
    expect(world.nowMs - t0).toBeLessThan(100);
    expect(committedAt()).toBeUndefined();
    expect(isCreated()).toBe(false);
    // A read after it does not see the write either: sync on the leader promises nothing about
    // proposals still in flight.
    await expect(onLeader.exists('/x', false)).resolves.toBeNull();
  });

  it("a follower's sync still waits for the leader's proposal in flight (Leader.processSync)", async () => {
    const { world, onFollower, committedAt } = await inFlight();
    await onFollower.sync('/');
    const commit = committedAt();
    expect(commit).toBeDefined();
    expect(world.nowMs).toBeGreaterThanOrEqual(commit!);
    expect(await onFollower.exists('/x', false)).not.toBeNull();
  });

  it("a sync on the leader waits behind its own session's write (CommitProcessor's per-session order)", async () => {
    const { world, writer, committedAt } = await inFlight();
    // The writer's create is pending in its session's queue: its sync is answered after it.
    await writer.sync('/');
    const commit = committedAt();
    expect(commit).toBeDefined();
    expect(world.nowMs).toBeGreaterThanOrEqual(commit!);
    expect(await writer.exists('/x', false)).not.toBeNull();
  });
});
