// Sessions in an ensemble, as the leader's session tracker of 3.8 judges them: a request of a
// session whose closeSession is prepared is SessionExpired (SessionTrackerImpl.checkSession,
// the fix of ZOOKEEPER-1208), and a request from a connection that no longer owns its session
// is SessionMoved (Leader.revalidateSession → setOwner; PrepRequestProcessor checkSession with
// the request's owner; FinalRequestProcessor closes the connection — ZOOKEEPER-710). Hand-timed
// worlds: slow links between the leader and its followers open each race deterministically.
import { describe, expect, it } from 'vitest';
import { CreateMode, Ids } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import type { BugId } from '../../protocol/bugs.ts';
import type { QuorumPeer } from '../../protocol/server/QuorumPeer.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { SessionChecker } from '../../sim/checkers/session.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { defaultLink } from '../../sim/engine/network.ts';

const addr = (sid: number) => `localhost:${2181 + sid}`;

function ensemble(bugs: BugId[] = [], seed = 1) {
  const world = new World(seed);
  const roles = new RoleTracker();
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    events.push(e);
  });
  world.addChecker(new SessionChecker());
  installEnsemble(world, { servers: 3, bugs });
  for (let i = 1; i <= 3; i++) world.start(nodeName(i));
  world.run({ untilMs: 3000 });
  const leader = Number(roles.leader()!.slice(1));
  const followers = [1, 2, 3].filter((s) => s !== leader);
  return { world, events, leader, followers };
}

const slow = (ms: number) => ({ ...defaultLink, latencyMs: ms });
const tree = (world: World, sid: number) => (world.node(nodeName(sid)).actor as QuorumPeer).zkDb.tree;

/**
 * ZOOKEEPER-1208: a client on follower f1 creates an ephemeral while the leader expires its
 * session. The f1↔leader link is slowed to 4.5 s each way just before, so the leader hears no
 * touch of the session for 9 s (it expires within 6 s: timeout 4 s in tickTime buckets) and the
 * forwarded create arrives 6.5 s in; the f2↔leader link (2 s each way) holds the closeSession's
 * quorum ACK until 8 s or more in. The create is prepared after the closeSession, before it is
 * applied at the leader.
 */
async function createRacingExpiry(bugs: BugId[]) {
  const { world, events, leader, followers } = ensemble(bugs);
  const [f1, f2] = followers as [number, number];
  const c = new SimClient(world, 'c', addr(f1), 4000);
  await c.open();
  const session = c.sessionId();
  world.net.setLink(nodeName(f1), nodeName(leader), slow(4500));
  world.net.setLink(nodeName(f2), nodeName(leader), slow(2000));
  const t0 = world.nowMs;
  c.advance(2000);
  const rc = c.create('/eph', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL).then(
    () => Code.OK,
    (e: unknown) => (e instanceof KeeperException ? e.code : -999),
  );
  world.run({ untilMs: t0 + 20_000, stopOnViolation: false });
  world.net.setLink(nodeName(f1), nodeName(leader), defaultLink);
  world.net.setLink(nodeName(f2), nodeName(leader), defaultLink);
  world.run({ untilMs: world.nowMs + 5000, stopOnViolation: false });
  world.finish();
  const ofSession = (e: TraceEvent) => 'session' in e && e.session === session;
  const expired = events.find((e) => e.k === 'zk.session-expire' && ofSession(e));
  const proposals = events.filter((e) => e.k === 'zab.propose' && ofSession(e));
  return { world, leader, followers, session, expired, proposals, rc: await rc };
}

describe('ensemble sessions', () => {
  it('SessionTrackerImpl.checkSession: a forwarded ephemeral create prepared after its session’s closeSession is SessionExpired; no ephemeral outlives the session (ZOOKEEPER-1208)', async () => {
    const { world, leader, expired, proposals, rc } = await createRacingExpiry([]);
    expect(expired?.n).toBe(nodeName(leader));
    // closeSession first, then the create: an error txn (PrepRequestProcessor's ErrorTxn).
    expect(proposals.map((e) => (e as { type: number }).type)).toEqual([
      OpCode.createSession,
      OpCode.closeSession,
      OpCode.error,
    ]);
    // The client's connection went with its session's closeSession, before the create's answer.
    expect(rc).toBe(Code.CONNECTIONLOSS);
    for (const sid of [1, 2, 3]) expect(tree(world, sid).getNode('/eph')).toBeUndefined();
    expect(world.violations).toEqual([]);
  });

  it('with --bug ZK-1208 (checkSession lets a closing session through) the same race leaves the ephemeral on every server, and the session checker says so', async () => {
    const { world, expired, proposals } = await createRacingExpiry(['ZK-1208']);
    expect(expired).toBeDefined();
    expect(proposals.map((e) => (e as { type: number }).type)).toEqual([
      OpCode.createSession,
      OpCode.closeSession,
      OpCode.create2,
    ]);
    for (const sid of [1, 2, 3]) expect(tree(world, sid).getNode('/eph')?.stat.ephemeralOwner).toBeDefined();
    expect(world.violations[0]?.checker).toBe('session');
    expect(world.violations[0]?.message).toMatch(/ephemeral \/eph created for session 0x[0-9a-f]+, closed at/);
  });

  it('Leader.revalidateSession → setOwner: a write still on its way from the server a client left is SessionMoved at the leader, not applied after the client’s newer write; (ZOOKEEPER-710)', async () => {
    const { world, events, leader, followers } = ensemble();
    const c = new SimClient(world, 'c', followers.map(addr).join(','), 30_000);
    await c.open();
    const fa = followers.find((s) => addr(s) === c.currentServer())!;
    const fb = followers.find((s) => s !== fa)!;
    await c.create('/x', 'v0', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    // The old write: forwarded by fa over a link that takes 3 s.
    world.net.setLink(nodeName(fa), nodeName(leader), slow(3000));
    let oldRc: number | undefined;
    c.zk.setData('/x', 'v1', -1, (rc) => {
      oldRc = rc;
    });
    c.advance(10);
    // The client loses fa (a firewall answering RST: it hears so at once) and moves to fb, which
    // revalidates the session at the leader.
    world.net.resetBlock('c', nodeName(fa));
    world.net.resetBlock(nodeName(fa), 'c');
    c.advance(10);
    expect(oldRc).toBe(Code.CONNECTIONLOSS);
    await c.open();
    expect(c.currentServer()).toBe(addr(fb));
    const t = world.nowMs;
    await c.setData('/x', 'v2', -1);
    expect(world.nowMs - t).toBeLessThan(1000); // before the old write reaches the leader
    world.run({ untilMs: world.nowMs + 8000 });
    world.net.setLink(nodeName(fa), nodeName(leader), defaultLink);
    world.net.unblock('c', nodeName(fa));
    world.net.unblock(nodeName(fa), 'c');
    world.run({ untilMs: world.nowMs + 2000 });
    const setDatas = events.filter(
      (e) =>
        e.k === 'zab.propose' && e.session === c.sessionId() && (e.type === OpCode.setData || e.type === OpCode.error),
    );
    // v2 first, then the old v1 as an error txn (SESSIONMOVED): the tree keeps v2 everywhere.
    expect(setDatas.map((e) => (e as { type: number }).type)).toEqual([OpCode.setData, OpCode.error]);
    for (const sid of [1, 2, 3]) expect(tree(world, sid).getNode('/x')?.data).toBe('v2');
    expect((await c.getData('/x', false)).data).toBe('v2');
    expect(world.violations).toEqual([]);
  });

  it('SessionTest.testSessionMove: a second handle resumes the session on another server; the first handle’s next write is SessionMoved — its server closes the connection and the write is not applied', async () => {
    const { world, events, followers } = ensemble();
    const [fa, fb] = followers as [number, number];
    const c1 = new SimClient(world, 'c1', addr(fa), 30_000);
    await c1.open();
    await c1.create('/m', 'v0', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    const c2 = new SimClient(world, 'c2', addr(fb), 30_000, {
      sessionId: c1.sessionId(),
      passwd: c1.zk.passwd,
    });
    await c2.open();
    expect(c2.sessionId()).toBe(c1.sessionId());
    let rc: number | undefined;
    c1.zk.setData('/m', 'v1', -1, (r) => {
      rc = r;
    });
    c1.advance(200);
    expect(rc).toBe(Code.CONNECTIONLOSS);
    expect(events.some((e) => e.k === 'zk.session-moved' && e.n === nodeName(fa))).toBe(true);
    for (const sid of [1, 2, 3]) expect(tree(world, sid).getNode('/m')?.data).toBe('v0');
    // The session lives on with c2.
    expect((await c2.setData('/m', 'v2', -1)).version).toBe(1);
    expect(world.violations).toEqual([]);
  });
});
