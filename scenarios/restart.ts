// The docs' second walkthrough (seed 003, 3.2): five servers that ran before, with persisted
// (epoch, zxid) 1:(1,8) 2:(1,8) 3:(1,8) 4:(1,7) 5:(1,7). They start and elect server 3 (the
// largest myid among the largest zxids). Then servers 3 and 5 fail; 1, 2 and 4 elect again
// with (epoch, zxid, sid) votes (1,8,1) (1,8,2) (1,7,4): server 2 wins.
import { schedulePlan } from '../sim/faults.ts';
import { installEnsemble, nodeName, seedHistory } from './ensemble.ts';
import type { Scenario } from './scenario.ts';

export const restartHistory: Record<number, number> = { 1: 8, 2: 8, 3: 8, 4: 7, 5: 7 };
export const restartCrashAtMs = 10_000;

export const restart: Scenario = {
  name: 'restart',
  summary: 'five servers with history (1,8)(1,8)(1,8)(1,7)(1,7); leader 3 and server 5 fail; the rest elect again (docs walkthrough 3.2)',
  checks: ['leadership', 'election-liveness'],
  options: [],
  build(world) {
    installEnsemble(world, { servers: 5 });
    for (const [sid, zxids] of Object.entries(restartHistory)) seedHistory(world, Number(sid), 1, zxids);
    // Started together, as a service manager would; a few ms apart.
    for (let sid = 1; sid <= 5; sid++) world.at(sid * 5, `start ${sid}`, () => world.start(nodeName(sid)));
    schedulePlan(world, { faults: [{ type: 'crash', at: restartCrashAtMs, servers: [3, 5] }] });
    return {
      voters: [1, 2, 3, 4, 5],
      observers: [],
      untilMs: restartCrashAtMs + 15_000,
      expect: 'server 3 leads first; after 3 and 5 fail, server 2 leads (its vote (1,8,2) beats (1,8,1) and (1,7,4))',
    };
  },
};
