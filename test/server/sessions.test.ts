// Sessions on a standalone server: ids, timeout negotiation, ephemerals, expiry, resuming a
// session after the connection (or the server) goes away, ConnectionLoss vs SessionExpired,
// and watches set again on reconnect.
import { describe, expect, it } from 'vitest';
import { CreateMode, EventType, Ids, KeeperState, type WatchedEvent } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { initializeNextSession } from '../../protocol/server/SessionTracker.ts';
import type { ZooKeeperServerMain } from '../../protocol/server/ZooKeeperServerMain.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { CNXN_ME } from '../../protocol/server/Request.ts';
import { installStandalone } from '../../scenarios/standalone.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { ofKind } from '../support/events.ts';

async function setup(seed = 1, timeout = 10_000) {
  const world = new World(seed);
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => events.push(e));
  const addr = installStandalone(world);
  world.start('zk');
  const a = new SimClient(world, 'ca', addr, timeout);
  const seen: WatchedEvent[] = [];
  a.onEvent((e) => seen.push(e));
  await a.open();
  return { world, addr, a, seen, events, server: () => (world.node('zk').actor as ZooKeeperServerMain).zks! };
}

async function code(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return Code.OK;
  } catch (e) {
    if (e instanceof KeeperException) return e.code;
    throw e;
  }
}

describe('sessions', () => {
  it('session ids carry the server id in the top byte and are never 0', () => {
    expect(initializeNextSession(5, 1_795_392_000_123) >> 56n).toBe(5n);
    expect(initializeNextSession(0, 1_795_392_000_123)).not.toBe(0n);
    expect(initializeNextSession(255, 1) >> 56n).toBe(255n);
  });

  it('the timeout is negotiated into [2, 20] × tickTime', async () => {
    const { world, addr } = await setup();
    const low = new SimClient(world, 'low', addr, 100);
    const high = new SimClient(world, 'high', addr, 1_000_000);
    await low.open();
    await high.open();
    expect(low.sessionTimeout()).toBe(4000);
    expect(high.sessionTimeout()).toBe(40000);
  });

  it('closing a session deletes all its ephemerals in one closeSession txn', async () => {
    const { world, a, events } = await setup();
    await a.create('/e1', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    await a.create('/e2', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
    const b = new SimClient(world, 'cb', a.connectString);
    await a.close();
    expect(a.state()).toBe('CLOSED');
    expect((await b.getChildren('/', false)).children).toEqual(['zookeeper']);
    const closes = ofKind(events, 'send').filter(
      (e) => e.msg.type === 'request' && Reflect.get(Reflect.get(e.msg, 'body'), 'op') === OpCode.closeSession,
    );
    expect(closes).toHaveLength(1);
  });

  it('a session whose client goes silent expires after its timeout; its ephemerals go; other sessions see the deletion', async () => {
    const { world, a, events } = await setup(2, 6000);
    await a.create('/owned', 'x', Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    const b = new SimClient(world, 'cb', a.connectString, 30_000);
    const bSeen: WatchedEvent[] = [];
    b.onEvent((e) => bSeen.push(e));
    expect(await b.exists('/owned', true)).not.toBeNull();
    const id = a.sessionId();
    const t0 = world.nowMs;
    world.crash('ca');
    b.advance(10_000);
    const expiry = events.find((e) => e.k === 'zk.session-expire' && e.session === id)!;
    expect(expiry).toBeDefined();
    // Expiry buckets tick with tickTime: between the timeout and timeout + tickTime later.
    expect(expiry.t / 1000 - t0).toBeGreaterThanOrEqual(6000 - 2000);
    expect(expiry.t / 1000 - t0).toBeLessThanOrEqual(6000 + 2000);
    expect(await b.exists('/owned', false)).toBeNull();
    expect(bSeen.map((e) => [e.type, e.path])).toContainEqual([EventType.NodeDeleted, '/owned']);
  });

  it('a client cut off longer than its timeout gets SessionExpired when it comes back, never a silent new session', async () => {
    const { world, a, seen } = await setup(3, 6000);
    await a.create('/mine', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    world.net.block('ca', 'zk');
    world.net.block('zk', 'ca');
    a.advance(15_000);
    expect(seen.map((e) => e.state)).toContain(KeeperState.Disconnected);
    expect(await code(a.getData('/mine', false))).toBe(Code.CONNECTIONLOSS);
    world.net.healAll();
    a.advance(5_000);
    expect(seen.at(-1)).toMatchObject({ type: EventType.None, state: KeeperState.Expired });
    expect(a.state()).toBe('CLOSED');
    expect(await code(a.getData('/', false))).toBe(Code.SESSIONEXPIRED);
  });

  it('a server restart within the timeout: the client reconnects with id and password, keeps its session, ephemerals and watches', async () => {
    const { world, a, seen, server } = await setup(4, 20_000);
    await a.create('/eph', null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    await a.create('/watched', 'v1', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    await a.getData('/watched', true);
    const id = a.sessionId();
    world.crash('zk');
    a.advance(1000);
    expect(seen.at(-1)).toMatchObject({ state: KeeperState.Disconnected });
    world.start('zk');
    a.advance(3000);
    expect(a.state()).toBe('CONNECTED');
    expect(a.sessionId()).toBe(id);
    expect(server().tree.getEphemerals(id)).toEqual(['/eph']);
    // The watch was set again on the restarted server: another session's change fires it.
    const b = new SimClient(world, 'cb', a.connectString);
    await b.setData('/watched', 'v2', -1);
    a.advance(100);
    expect(seen.at(-1)).toMatchObject({ type: EventType.NodeDataChanged, path: '/watched' });
  });

  it('pending requests fail with ConnectionLoss when the server dies under them', async () => {
    const { world, a } = await setup(5);
    const results: number[] = [];
    a.zk.create('/p1', null, Ids.OPEN_ACL_UNSAFE, 0, (rc) => results.push(rc));
    a.zk.create('/p2', null, Ids.OPEN_ACL_UNSAFE, 0, (rc) => results.push(rc));
    world.crash('zk');
    a.advance(100);
    expect(results).toEqual([Code.CONNECTIONLOSS, Code.CONNECTIONLOSS]);
  });

  it('resuming a session with a wrong password is answered like an expired session', async () => {
    const { world, a } = await setup(6);
    const imposter = new SimClient(world, 'imp', a.connectString, 10_000, {
      sessionId: a.sessionId(),
      passwd: 'ff'.repeat(16),
    });
    const seen: WatchedEvent[] = [];
    imposter.onEvent((e) => seen.push(e));
    await imposter.open();
    expect(seen.at(-1)).toMatchObject({ type: EventType.None, state: KeeperState.Expired });
    expect(imposter.state()).toBe('CLOSED');
    // The real owner is unaffected... except that the server dropped its connection for the
    // reconnect attempt, as 3.8 does; it reconnects and carries on with the same session.
    a.advance(3000);
    expect(await code(a.getData('/', false))).toBe(Code.OK);
  });

  it('SessionTrackerImpl.checkSession / setOwner: unknown → UnknownSession, closing → SessionExpired, another owner → SessionMoved; the first checker claims an unclaimed session', async () => {
    const { a, server } = await setup();
    await a.exists('/', false);
    const zks = server();
    const t = zks.sessionTracker;
    const id = a.sessionId();
    const thrown = (f: () => void) => {
      try {
        f();
        return Code.OK;
      } catch (e) {
        if (e instanceof KeeperException) return e.code;
        throw e;
      }
    };
    // a's requests came on a connection of this server: ServerCnxn.me owns the session.
    expect(t.sessions.get(id)?.owner).toBe(CNXN_ME);
    expect(thrown(() => t.checkSession(id, CNXN_ME))).toBe(Code.OK);
    const handler = { learner: 'f1' };
    expect(thrown(() => t.checkSession(id, handler))).toBe(Code.SESSIONMOVED);
    t.setOwner(id, handler);
    expect(thrown(() => t.checkSession(id, handler))).toBe(Code.OK);
    expect(thrown(() => t.checkSession(id, CNXN_ME))).toBe(Code.SESSIONMOVED);
    t.setOwner(id, CNXN_ME);
    expect(thrown(() => t.checkSession(0x1234n, CNXN_ME))).toBe(Code.UNKNOWNSESSION);
    // checkGlobalSession (an ephemeral create): an unknown session is SessionExpired.
    expect(thrown(() => zks.checkGlobalSession(0x1234n, CNXN_ME))).toBe(Code.SESSIONEXPIRED);
    // setSessionClosing (PrepRequestProcessor, closeSession): from then on SessionExpired.
    t.setSessionClosing(id);
    expect(thrown(() => t.checkSession(id, CNXN_ME))).toBe(Code.SESSIONEXPIRED);
    expect(thrown(() => zks.checkSession(id, CNXN_ME))).toBe(Code.SESSIONEXPIRED);
    expect(thrown(() => t.setOwner(id, CNXN_ME))).toBe(Code.SESSIONEXPIRED);
    // Before ZOOKEEPER-1208's fix (--bug ZK-1208) a closing session passed.
    zks.bugs = new Set(['ZK-1208']);
    expect(thrown(() => zks.checkSession(id, CNXN_ME))).toBe(Code.OK);
  });
});
