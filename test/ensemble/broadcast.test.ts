// The replicated ensemble end to end: writes through any server, reads from any server after
// sync, sessions and ephemerals across servers, client failover to another server with the
// session kept, observers, and the leader's epoch after each election.
import { describe, expect, it } from 'vitest';
import { CreateMode, EventType, Ids, type WatchedEvent } from '../../protocol/data.ts';
import { installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { fourLetterWord } from '../../sim/cli/fourlw.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';

const addr = (sid: number) => `localhost:${2181 + sid}`;

function ensemble(servers: number, observers = 0, seed = 1) {
  const world = new World(seed);
  const roles = new RoleTracker();
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    if (e.k.startsWith('zab.') || e.k === 'proc') events.push(e);
  });
  installEnsemble(world, { servers, observers });
  for (let i = 1; i <= servers + observers; i++) world.start(nodeName(i));
  world.run({ untilMs: 3000 });
  const leader = Number(roles.leader()!.slice(1));
  return { world, roles, events, leader };
}

describe('ensemble', () => {
  it('a fresh ensemble establishes epoch 1; every server serves; srvr tells the modes', () => {
    const { world, roles, events, leader } = ensemble(3);
    expect(leader).toBe(3);
    expect(events.find((e) => e.k === 'zab.established')).toMatchObject({ n: 's3', epoch: 1 });
    expect(
      events
        .filter((e) => e.k === 'zab.uptodate')
        .map((e) => e.n)
        .sort(),
    ).toEqual(['s1', 's2']);
    expect(roles.roles.get('s1')?.peerEpoch).toBe(1);
    expect(fourLetterWord(world, addr(3), 'srvr')).toMatch(/Mode: leader\n/);
    expect(fourLetterWord(world, addr(1), 'srvr')).toMatch(/Mode: follower\n/);
  });

  it('writes at a follower go through the leader; another follower sees them after sync; watches fire across servers', async () => {
    const { world } = ensemble(3);
    const a = new SimClient(world, 'ca', addr(1));
    const b = new SimClient(world, 'cb', addr(2));
    const seen: WatchedEvent[] = [];
    b.onEvent((e) => seen.push(e));
    await a.open();
    await b.open();
    expect(a.sessionId() >> 56n).toBe(1n);
    expect(b.sessionId() >> 56n).toBe(2n);
    const created = await a.create('/app', 'v1', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    expect(created.stat.czxid).toBeGreaterThan(0x100000000);
    await b.sync('/app');
    expect((await b.getData('/app', true)).data).toBe('v1');
    await a.setData('/app', 'v2', -1);
    b.advance(50);
    expect(seen.at(-1)).toMatchObject({ type: EventType.NodeDataChanged, path: '/app' });
    expect((await b.getData('/app', false)).data).toBe('v2');
    // Sequential names agree everywhere: the leader names them.
    const s1 = await a.create('/app/q-', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
    const s2 = await b.create('/app/q-', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
    expect([s1.path, s2.path]).toEqual(['/app/q-0000000000', '/app/q-0000000001']);
  });

  it('a client whose server dies moves to another server and keeps its session and ephemerals', async () => {
    const { world, leader } = ensemble(3, 0, 2);
    // Only the followers in the connect string: whichever the client lands on is one.
    const followers = [1, 2, 3].filter((s) => s !== leader);
    const c = new SimClient(world, 'c', followers.map(addr).join(','), 12_000);
    await c.open();
    const follower = followers.find((s) => addr(s) === c.currentServer())!;
    expect(follower).toBeDefined();
    await c.create('/eph', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    const id = c.sessionId();
    world.crash(nodeName(follower));
    c.advance(6000);
    expect(c.state()).toBe('CONNECTED');
    expect(c.sessionId()).toBe(id);
    expect(c.currentServer()).not.toBe(addr(follower));
    expect(await c.exists('/eph', false)).not.toBeNull();
  });

  it('the leader expires a session whose client went silent, on every server', async () => {
    const { world } = ensemble(3, 0, 3);
    const a = new SimClient(world, 'ca', addr(1), 6000);
    const b = new SimClient(world, 'cb', addr(2), 30_000);
    await a.open();
    await b.open();
    await a.create('/gone', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    await b.sync('/');
    expect(await b.exists('/gone', false)).not.toBeNull();
    world.crash('ca');
    b.advance(12_000);
    await b.sync('/');
    expect(await b.exists('/gone', false)).toBeNull();
  });

  it('observers follow the ensemble, serve reads and forward writes, and never vote or ack', async () => {
    const { world, events } = ensemble(3, 1, 4);
    const o = new SimClient(world, 'co', addr(4));
    await o.open();
    await o.create('/from-observer', 'x', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    await o.sync('/');
    expect((await o.getData('/from-observer', false)).data).toBe('x');
    expect(events.filter((e) => e.k === 'zab.ack').every((e) => (e.from as number) <= 3)).toBe(true);
    expect(fourLetterWord(world, addr(4), 'srvr')).toMatch(/Mode: observer\n/);
  });

  it('a new leader after the old one dies: epoch 2, and every committed write survives', async () => {
    const { world, leader, roles, events } = ensemble(3, 0, 5);
    const follower = [1, 2, 3].find((s) => s !== leader)!;
    const c = new SimClient(
      world,
      'c',
      [1, 2, 3]
        .filter((s) => s !== leader)
        .map(addr)
        .join(','),
    );
    await c.open();
    for (let i = 0; i < 5; i++) await c.create(`/k${i}`, String(i), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    world.crash(nodeName(leader));
    c.advance(8000);
    const newLeader = roles.leader();
    expect(newLeader).not.toBeNull();
    expect(newLeader).not.toBe(nodeName(leader));
    expect(events.filter((e) => e.k === 'zab.established').map((e) => e.epoch)).toEqual([1, 2]);
    expect((await c.getChildren('/', false)).children.sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'zookeeper']);
    void follower;
  });
});
