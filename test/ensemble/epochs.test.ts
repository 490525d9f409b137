// Epoch files: written atomically at the points 3.8 writes them, never decreasing, and a server
// whose files disagree with each other or with its log refuses to start.
import { describe, expect, it } from 'vitest';
import { dataDir, installEnsemble, nodeName, seedHistory } from '../../scenarios/ensemble.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { ofKind } from '../support/events.ts';
import { World } from '../../sim/engine/world.ts';

/** Why node n exited, if it did. */
function exitReason(events: readonly TraceEvent[], n: string): string | undefined {
  for (const e of events) if (e.k === 'proc' && e.what === 'exit' && e.n === n) return e.reason;
  return undefined;
}

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

describe('epoch files', () => {
  it('a server whose currentEpoch is after its acceptedEpoch refuses to start', () => {
    const { world, events } = boot((w) => {
      seedHistory(w, 1, 1, 3);
      w.node('s1').disk.seed(`${dataDir(1)}/version-2/currentEpoch`, '2\n');
    });
    expect(world.node('s1').up).toBe(false);
    expect(exitReason(events, 's1')).toBe('The accepted epoch, 0x1 is less than the current epoch, 0x2');
  });

  it('a server whose log is newer than its currentEpoch (and no currentEpoch.tmp) refuses to start', () => {
    const { world, events } = boot((w) => {
      seedHistory(w, 1, 2, 3);
      w.node('s1').disk.seed(`${dataDir(1)}/version-2/currentEpoch`, '1\n');
    });
    expect(world.node('s1').up).toBe(false);
    expect(exitReason(events, 's1')).toBe('The current epoch, 0x1, is older than the last zxid, 0x200000003');
  });

  it('an election writes acceptedEpoch before LEADERINFO is acked and currentEpoch before NEWLEADER is acked; both only grow', () => {
    const { events } = boot(() => {});
    const writes = events.filter((e) => e.k === 'zab.epoch');
    for (const s of ['s1', 's2', 's3']) {
      expect(writes.filter((e) => e.n === s).map((e) => [e.file, e.value])).toEqual([
        ['acceptedEpoch', 1],
        ['currentEpoch', 1],
      ]);
    }
    // A learner's currentEpoch is durable before its NEWLEADER ack leaves.
    for (const s of ['s1', 's2']) {
      const epochAt = writes.find((e) => e.n === s && e.file === 'currentEpoch')!.i;
      const ack = ofKind(events, 'send').find(
        (e) => e.n === s && e.msg.type === 'ACK' && Reflect.get(e.msg, 'zxid') === 0x100000000,
      )!;
      expect(ack.i).toBeGreaterThan(epochAt);
    }
  });
});

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
