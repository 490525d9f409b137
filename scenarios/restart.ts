// The docs' second walkthrough (seed 003, 3.2): five servers that ran with server 3 leading,
// with persisted (epoch, zxid) 1:(1,8) 2:(1,8) 3:(1,8) 4:(1,7) 5:(1,7) — server 4's copy of
// txn 8 was still in flight when the leader died. Servers 3 and 5 have failed; 1, 2 and 4
// elect again with (epoch, zxid, sid) votes (1,8,1) (1,8,2) (1,7,4): server 2 wins, becomes
// the leader of epoch 2, and syncs server 4 with a DIFF carrying txn 8.
import { installEnsemble, nodeName, seedHistory } from './ensemble.ts';
import type { Scenario } from '../sim/harness/scenario.ts';
import { walkthroughOptions } from './options.ts';

export const restartHistory: Record<number, number> = { 1: 8, 2: 8, 3: 8, 4: 7, 5: 7 };

export const restart: Scenario = {
  name: 'restart',
  summary:
    'servers 1,2,4 with history (1,8)(1,8)(1,7) elect again after leader 3 and server 5 failed (docs walkthrough 3.2)',
  checks: ['leadership', 'election-liveness'],
  options: walkthroughOptions,
  build(world, opts) {
    installEnsemble(world, { servers: 5, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
    for (const [sid, zxids] of Object.entries(restartHistory)) seedHistory(world, Number(sid), 1, zxids);
    // 3 and 5 are down; the survivors come back a few ms apart.
    for (const sid of [1, 2, 4]) world.at(sid * 5, `start ${sid}`, () => world.start(nodeName(sid)));
    return {
      voters: [1, 2, 3, 4, 5],
      observers: [],
      untilMs: 20_000,
      expect:
        'server 2 leads: its vote (1,8,2) beats (1,8,1) on myid and (1,7,4) on zxid; it syncs server 4 with a DIFF',
    };
  },
};
