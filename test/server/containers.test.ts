// Containers and TTL nodes: the ContainerManager deletes a container once its last child is
// gone (never one that never had children), and a TTL node left alone longer than its ttl.
import { describe, expect, it } from 'vitest';
import { CreateMode, Ids } from '../../protocol/data.ts';
import { installStandalone } from '../../scenarios/standalone.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { World } from '../../sim/engine/world.ts';

async function setup(extra = '') {
  const world = new World(1);
  const addr = installStandalone(
    world,
    `tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\nznode.container.checkIntervalMs=1000\n${extra}`,
  );
  world.start('zk');
  const c = new SimClient(world, 'c', addr);
  await c.open();
  return { world, c };
}

describe('containers and TTL nodes', () => {
  it('a container goes once its last child is deleted; an unused one stays', async () => {
    const { c } = await setup();
    await c.create('/used', null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
    await c.create('/unused', null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
    await c.create('/used/child', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    c.advance(3000);
    expect(await c.exists('/used', false)).not.toBeNull();
    await c.delete('/used/child', -1);
    c.advance(3000);
    expect(await c.exists('/used', false)).toBeNull();
    expect(await c.exists('/unused', false)).not.toBeNull();
  });

  it('a TTL node outlives its ttl only while it has children or changes', async () => {
    const { c } = await setup('extendedTypesEnabled=true\n');
    await c.create('/ttl', 'x', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 5000);
    c.advance(3000);
    expect(await c.exists('/ttl', false)).not.toBeNull();
    await c.setData('/ttl', 'y', -1);
    c.advance(4000);
    expect(await c.exists('/ttl', false)).not.toBeNull();
    c.advance(3000);
    expect(await c.exists('/ttl', false)).toBeNull();
  });
});
