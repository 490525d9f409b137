// The zxid counter's overflow: the leader steps down and the next leader starts a new epoch.
// (The epoch files — what 3.8 checks at start-up and when an election writes them — are the
// data-driven script test/protocol/testdata/epochs.txt.)
import { describe, expect, it } from 'vitest';
import { installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';

function boot(setup: (w: World) => void) {
  const world = new World(1);
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => events.push(e));
  installEnsemble(world, { servers: 3 });
  setup(world);
  for (let i = 1; i <= 3; i++) world.start(nodeName(i));
  world.run({ untilMs: 3000 });
  return { world, events };
}

describe('zxid counter overflow', () => {
  it('a proposal whose counter would be 0xffffffff makes the leader step down; the next leader starts a new epoch', async () => {
    const { SimClient } = await import('../../sim/harness/client-driver.ts');
    const { CreateMode, Ids } = await import('../../protocol/data.ts');
    const { makeZxid } = await import('../../protocol/zxid.ts');
    const { world, events } = boot(() => {});
    const leaderNode = [...world.nodes.keys()].find((n) => events.some((e) => e.k === 'zab.established' && e.n === n))!;
    const zks = (world.node(leaderNode).actor as unknown as { leader: { zks: { hzxid: number } } }).leader.zks;
    zks.hzxid = makeZxid(1, 0xfffffffd); // as if 4 billion txns had gone by
    const c = new SimClient(world, 'c', 'localhost:2182,localhost:2183,localhost:2184');
    await c.open();
    await c.create('/a', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT).catch(() => {});
    await c.create('/b', null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT).catch(() => {});
    c.advance(10_000);
    const shutdown = events.find((e) => e.k === 'zab.leader-shutdown');
    expect(shutdown?.reason).toBe(
      'zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start',
    );
    expect(events.filter((e) => e.k === 'zab.established').map((e) => e.epoch)).toEqual([1, 2]);
  });
});
