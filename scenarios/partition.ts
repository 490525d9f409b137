// The leader is cut off with a minority. Servers 1..5 start together (server 5 leads epoch 1);
// a client on the leader writes /a and /b (committed), then the network splits {4,5} | {1,2,3}
// — silently, as a dead switch does: nobody is told — and the client writes /c and /d: leader 5
// proposes them, 4 acks, but two of five is no quorum, so they stay uncommitted in the logs of 4
// and 5. Only 3.8's timeouts notice: syncLimit ticks (10 s) after it last heard 1, 2 and 3 the
// leader steps down (no synced quorum), and 1, 2 and 3, their reads of the leader timed out,
// elect 3 (same zxid, largest myid) for epoch 2. When the partition heals at 20 s, 4 and 5 find
// leader 3 in place, follow it, and are told to TRUNCate their uncommitted tail.
import { applyFault } from '../sim/faults/plan.ts';
import { installEnsemble, nodeName } from './ensemble.ts';
import type { Scenario } from '../sim/harness/scenario.ts';
import { walkthroughOptions } from './options.ts';
import { addWriter, clientAddr } from './writer.ts';

export const partition: Scenario = {
  name: 'partition',
  summary:
    'leader 5 cut off with 4: its writes stay uncommitted, it steps down, 1,2,3 elect 3; after the heal 4 and 5 follow and TRUNC their tail',
  checks: ['leadership', 'quorum-commit', 'durability', 'prefix-consistency'],
  options: walkthroughOptions,
  build(world, opts) {
    installEnsemble(world, { servers: 5, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
    for (const sid of [1, 2, 3, 4, 5]) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
    addWriter(world, {
      name: 'c1',
      connectString: clientAddr(5),
      startMs: 800,
      sessionTimeout: 30_000,
      writes: [
        { atMs: 1000, path: '/a' },
        { atMs: 1200, path: '/b' },
        { atMs: 2010, path: '/c' },
        { atMs: 2020, path: '/d' },
      ],
    });
    world.at(2000, 'partition', () =>
      applyFault(world, {
        type: 'partition',
        at: 2000,
        groups: [
          [4, 5],
          [1, 2, 3],
        ],
      }),
    );
    world.at(20_000, 'heal', () => applyFault(world, { type: 'heal', at: 20_000 }));
    return {
      voters: [1, 2, 3, 4, 5],
      observers: [],
      untilMs: 45_000,
      expect: 'leader 5 steps down; 3 leads epoch 2; after the heal 4 and 5 follow 3 and TRUNC /c and /d',
    };
  },
};
