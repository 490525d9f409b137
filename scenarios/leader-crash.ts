// A leader dies under client writes. Servers 2..5 start together (server 5 leads epoch 1);
// a client on server 2 writes /a /b /c; the link 5-4 turns slow, so when the leader crashes
// right after proposing /d, /d has reached 2 and 3 (and is committed) but not 4. Servers 2, 3
// and 4 elect with (epoch, zxid, sid) votes: 4 has the older zxid and 3 the largest myid among
// the newest, so 3 leads epoch 2 and syncs 2 (nothing missing) and 4 (a DIFF with /d). Later
// /e is written in epoch 2; server 5 comes back and gets a DIFF with /e; server 1 starts with
// an empty disk and gets a SNAP: the leader's logs cannot replay from zxid 0.
import { applyFault } from '../sim/faults/plan.ts';
import { installEnsemble, nodeName } from './ensemble.ts';
import type { Scenario } from '../sim/harness/scenario.ts';
import { walkthroughOptions } from './options.ts';
import { addWriter, clientAddr } from './writer.ts';

export const leaderCrash: Scenario = {
  name: 'leader-crash',
  summary:
    'leader 5 crashes under writes; 2,3,4 elect 3 by (epoch, zxid, sid); it syncs 4 (DIFF), old leader 5 (DIFF) and empty server 1 (SNAP)',
  checks: ['leadership', 'durability', 'prefix-consistency'],
  options: walkthroughOptions,
  build(world, opts) {
    installEnsemble(world, { servers: 5, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
    for (const sid of [2, 3, 4, 5]) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
    addWriter(world, {
      name: 'c1',
      connectString: clientAddr(2),
      startMs: 800,
      sessionTimeout: 30_000,
      writes: [
        { atMs: 1000, path: '/a' },
        { atMs: 1200, path: '/b' },
        { atMs: 1400, path: '/c' },
        { atMs: 1600, path: '/d' },
        { atMs: 5000, path: '/e' },
      ],
    });
    world.at(1500, 'slow link 5-4', () =>
      applyFault(world, { type: 'latency', at: 1500, servers: [5, 4], latencyMs: 200, jitterMs: 0 }),
    );
    world.at(1603, 'crash 5', () => applyFault(world, { type: 'crash', at: 1603, servers: [5] }));
    world.at(6000, 'restart 5', () => applyFault(world, { type: 'restart', at: 6000, servers: [5] }));
    world.at(7000, 'start 1', () => applyFault(world, { type: 'start', at: 7000, servers: [1] }));
    return {
      voters: [1, 2, 3, 4, 5],
      observers: [],
      untilMs: 12_000,
      expect: 'server 3 leads epoch 2 (4 lacks /d, 3 has the largest myid of 2,3); 4 and 5 get a DIFF, server 1 a SNAP',
    };
  },
};
