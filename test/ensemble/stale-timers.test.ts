// A role's timers end with the role. Before timers were bound to their handler (a scope per
// role and per server), ZooKeeperServer.shutdown cancelled neither the connection expirer's
// timer nor the fuzzy snapshot's step timer, and timers were routed by tag to whatever role the
// peer had when they fired: an old server's `zk.cnxn-expire` reached the next role's running
// server (71 times over faults seeds 1..40 with 3 servers), and an old snapshot's next step
// fired into a peer that had moved on. These runs put a role end exactly on such a pending
// timer and check, from the trace alone, that nothing of the old server fires afterwards.
import { describe, expect, it } from 'vitest';
import { CreateMode, Ids } from '../../protocol/data.ts';
import { installEnsemble, installServer, nodeName, zooCfgText } from '../../scenarios/ensemble.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';

const addr = (sid: number) => `localhost:${2181 + sid}`;

function ensemble(seed: number, extraCfg = '') {
  const world = new World(seed);
  const roles = new RoleTracker();
  const trace: TraceEvent[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    trace.push(e);
  });
  if (extraCfg === '') installEnsemble(world, { servers: 3 });
  else for (let sid = 1; sid <= 3; sid++) installServer(world, sid, zooCfgText({ servers: 3 }, sid) + extraCfg);
  for (let sid = 1; sid <= 3; sid++) world.start(nodeName(sid));
  world.run({ untilMs: 3000 });
  const leader = Number(roles.leader()!.slice(1));
  return { world, roles, trace, leader };
}

describe('stale timers: a role that ends takes its server timers with it', () => {
  it('the connection expirer of a follower whose role ended never fires into its next role', async () => {
    const { world, trace, leader } = ensemble(1);
    const follower = [1, 2, 3].find((s) => s !== leader)!;
    const s = nodeName(follower);
    // A client on the follower: its server's connection expirer is armed for it.
    const c = new SimClient(world, 'c1', addr(follower), 30_000);
    await c.open();
    await c.create('/x', 'v', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    // Past the first expiry buckets: the expirer has woken (and re-armed) at least once.
    world.run({ untilMs: world.nowMs + 40_000 });
    const expiresBefore = trace.filter((e) => e.n === s && e.k === 'timer' && e.tag === 'zk.cnxn-expire').length;
    // The client goes away (its connection is closed and leaves the expiry queue, the expirer's
    // timer stays armed), then the leader dies: the follower's role ends with that timer pending.
    world.crash('c1');
    world.run({ untilMs: world.nowMs + 1 });
    const crashAt = world.nowMs;
    world.crash(nodeName(leader));
    world.run({ untilMs: crashAt + 60_000 });

    const onS = trace.filter((e) => e.n === s && e.t >= crashAt * 1000);
    const end = onS.findIndex((e) => e.k === 'zab.learner-shutdown');
    expect(end).toBeGreaterThan(-1);
    const after = onS.slice(end + 1);
    // It serves again in a new role (its new server is running) ...
    const serving = after.find((e) => e.k === 'zab.uptodate' || e.k === 'zab.established');
    expect(serving).toBeDefined();
    // ... no client ever connects to it again, so its new server never arms an expirer ...
    expect(after.filter((e) => e.k === 'conn' && e.what === 'accept' && e.addr === addr(follower))).toEqual([]);
    // ... and the old server's expirer timer does not fire: not into the new role, not at all.
    expect(after.filter((e) => e.k === 'timer' && e.tag === 'zk.cnxn-expire')).toEqual([]);
    // (The timer was there to be stale: the expirer ran while the client was connected.)
    expect(expiresBefore).toBeGreaterThan(0);
  });

  it('a fuzzy snapshot in progress when the role ends takes no further step', async () => {
    // snapCount=4: a snapshot every 3 or 4 txns; 400 znodes make it about 25 steps of 1 ms.
    const { world, trace, leader } = ensemble(3, 'snapCount=4\n');
    const follower = [1, 2, 3].find((s) => s !== leader)!;
    const s = nodeName(follower);
    const c = new SimClient(world, 'c1', addr(leader), 30_000);
    await c.open();
    await c.create('/big', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    const ops = [];
    for (let i = 0; i < 400; i++)
      ops.push({
        type: 'create' as const,
        path: `/big/n${i}`,
        data: null,
        acl: Ids.OPEN_ACL_UNSAFE,
        mode: CreateMode.PERSISTENT,
      });
    await c.multi(ops);
    // The next snapshot the follower starts: its leader dies 5 ms later (its role ends mid-snapshot).
    let startedAt: number | undefined;
    world.trace.subscribe((e) => {
      if (startedAt !== undefined || e.n !== s || e.k !== 'zk.snapshot-start') return;
      startedAt = e.t;
      world.at(e.t / 1000 + 5, 'crash leader', () => world.crash(nodeName(leader)));
    });
    // (The write during which the leader dies may fail: ConnectionLoss.)
    for (let i = 0; startedAt === undefined && i < 20; i++) await c.setData('/big', `v${i}`, -1).catch(() => {});
    expect(startedAt).toBeDefined();
    world.run({ untilMs: world.nowMs + 30_000 });

    const onS = trace.filter((e) => e.n === s && e.t >= startedAt!);
    const end = onS.findIndex((e) => e.k === 'zab.learner-shutdown');
    expect(end).toBeGreaterThan(-1);
    // The snapshot was still being taken when the role ended: steps ran, none finished it.
    const before = onS.slice(0, end);
    expect(before.filter((e) => e.k === 'timer' && e.tag === 'zk.snapshot').length).toBeGreaterThan(0);
    expect(before.filter((e) => e.k === 'zk.snapshot')).toEqual([]);
    // After the role ended, a snapshot step fires only for a snapshot started after it.
    const after = onS.slice(end + 1);
    const nextStart = after.findIndex((e) => e.k === 'zk.snapshot-start');
    const untilNext = nextStart === -1 ? after : after.slice(0, nextStart);
    expect(untilNext.filter((e) => e.k === 'timer' && e.tag === 'zk.snapshot')).toEqual([]);
    expect(untilNext.filter((e) => e.k === 'zk.snapshot')).toEqual([]);
  });
});
