// The story the configuration center's walkthrough tells (zksim walkthrough recipe-config), as
// data a run of recipe-config takes: three servers and no server faults; c1 publishes /config,
// c2 and c3 subscribe, with 4-second sessions; c3's process is paused for 6 s (a long GC), past
// its session timeout, while c1 goes on publishing. c2 follows every change by push and pull;
// c3, back, is told its session expired, opens a new one, syncs and pulls the newest config.
import type { Workload } from '../../sim/faults/workload.ts';

export interface ConfigStory {
  seed: number;
  workload: Workload;
  untilMs: number;
}

export const CONFIG_STORY: ConfigStory = {
  seed: 1,
  workload: {
    clients: [
      { startMs: 0, sessionTimeoutMs: 4000, ops: [] },
      { startMs: 0, sessionTimeoutMs: 4000, ops: [] },
      { startMs: 0, sessionTimeoutMs: 4000, ops: [], events: [{ atMs: 2500, what: 'pause', ms: 6000 }] },
    ],
    stopAfterMs: 7000,
  },
  untilMs: 12_000,
};
