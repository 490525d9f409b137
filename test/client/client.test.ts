// The client library against a simulated server: chroot, the watch-before-data ordering
// guarantee, persistent and recursive watches, removeWatches, and the host provider.
import { describe, expect, it } from 'vitest';
import { parseConnectString } from '../../protocol/client/ConnectStringParser.ts';
import { StaticHostProvider } from '../../protocol/client/HostProvider.ts';
import { AddWatchMode, CreateMode, EventType, Ids, WatcherType, type WatchedEvent } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import { installStandalone } from '../../scenarios/standalone.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { World } from '../../sim/engine/world.ts';

async function setup(connect = '127.0.0.1:2181') {
  const world = new World(1);
  installStandalone(world);
  world.start('zk');
  const a = new SimClient(world, 'ca', connect);
  const b = new SimClient(world, 'cb', '127.0.0.1:2181');
  await a.open();
  await b.open();
  return { world, a, b };
}

describe('client', () => {
  it('connect strings: default port, several hosts, chroot', () => {
    expect(parseConnectString('zk1,zk2:2182/app/a')).toEqual({ servers: ['zk1:2181', 'zk2:2182'], chroot: '/app/a' });
    expect(parseConnectString('127.0.0.1:2181/')).toEqual({ servers: ['127.0.0.1:2181'], chroot: null });
    expect(() => parseConnectString('h:1/bad/')).toThrow(/Path must not end with \/ character/);
  });

  it('a chroot prefixes every path going out and strips it from paths coming back', async () => {
    const { b, world } = await setup();
    await b.create('/app', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    const c = new SimClient(world, 'cc', '127.0.0.1:2181/app');
    const seen: WatchedEvent[] = [];
    c.onEvent((e) => seen.push(e));
    await c.open();
    expect((await c.create('/x', 'v', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL)).path).toBe(
      '/x0000000000',
    );
    expect((await b.getChildren('/app', false)).children).toEqual(['x0000000000']);
    await c.getData('/x0000000000', true);
    await b.setData('/app/x0000000000', 'w', -1);
    c.advance(50);
    expect(seen.at(-1)).toMatchObject({ type: EventType.NodeDataChanged, path: '/x0000000000' });
  });

  it('a client sees the watch event before the data that fired it', async () => {
    const { a, b } = await setup();
    await b.create('/x', 'old', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    const order: string[] = [];
    a.onEvent((e) => {
      if (e.type === EventType.NodeDataChanged) order.push(`event ${e.path}`);
    });
    await a.getData('/x', true);
    // b's write is applied (b got its reply); the notification to a may still be on the wire.
    await b.setData('/x', 'new', -1);
    const r = await a.getData('/x', false);
    order.push(`read ${r.data}`);
    expect(order).toEqual(['event /x', 'read new']);
  });

  it('persistent recursive watches fire for every change below, but not for child lists; removeWatches ends them', async () => {
    const { a, b } = await setup();
    const seen: WatchedEvent[] = [];
    a.onEvent((e) => seen.push(e));
    await b.create('/r', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    await a.addWatch('/r', AddWatchMode.PERSISTENT_RECURSIVE);
    await b.create('/r/c1', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    await b.setData('/r/c1', 'x', -1);
    await b.create('/r/c1/d', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    await b.delete('/r/c1/d', -1);
    a.advance(50);
    expect(seen.filter((e) => e.type !== EventType.None).map((e) => [e.type, e.path])).toEqual([
      [EventType.NodeCreated, '/r/c1'],
      [EventType.NodeDataChanged, '/r/c1'],
      [EventType.NodeCreated, '/r/c1/d'],
      [EventType.NodeDeleted, '/r/c1/d'],
    ]);
    await a.removeWatches('/r', WatcherType.Any, false);
    expect(seen.at(-1)).toMatchObject({ type: EventType.PersistentWatchRemoved, path: '/r' });
    const before = seen.length;
    await b.setData('/r/c1', 'y', -1);
    a.advance(50);
    expect(seen.length).toBe(before);
    let err = 0;
    await a.removeWatches('/r', WatcherType.Any, false).catch((e) => (err = e.code));
    expect(err).toBe(Code.NOWATCHER);
  });

  it('the host provider shuffles by its seed, walks the ring, and spins after a full round', () => {
    let x = 0.42;
    const random = () => (x = ((x * 9301 + 49297) % 233280) / 233280);
    const hp = new StaticHostProvider(['a:1', 'b:1', 'c:1'], random);
    const first = [hp.next(1000), hp.next(1000), hp.next(1000)];
    expect(new Set(first.map((f) => f.addr)).size).toBe(3);
    expect(first.every((f) => f.delayMs === 0)).toBe(true);
    hp.onConnected();
    expect(hp.next(1000).delayMs).toBe(0);
    expect(hp.next(1000).delayMs).toBe(0);
    expect(hp.next(1000).delayMs).toBe(1000);
    // updateServerList: a removed current server always moves the client.
    expect(hp.updateServerList(['a:1', 'b:1'], 'c:1')).toBe(true);
  });

  it('updateServerList moves about (1 - old/new) of the clients when servers are added', () => {
    let moved = 0;
    let s = 7;
    const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      const hp = new StaticHostProvider(['a:1', 'b:1', 'c:1'], random);
      if (hp.updateServerList(['a:1', 'b:1', 'c:1', 'd:1', 'e:1', 'f:1'], 'a:1')) moved++;
    }
    expect(moved / 2000).toBeGreaterThan(0.45);
    expect(moved / 2000).toBeLessThan(0.55);
  });
});
