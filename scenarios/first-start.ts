// The docs' first walkthrough (seed 003, 3.1; seed 000's pseudo-cluster): servers started one
// by one, a few seconds apart, with empty data directories. Each votes for itself; votes move
// to the larger myid; the first server to gather a quorum of votes leads (server 3 of 5,
// server 2 of 3); later servers find the leader in place and follow it.
import type { Scenario } from '../sim/harness/scenario.ts';
import { installEnsemble, nodeName } from './ensemble.ts';
import { type StartOptions, startOptions } from './options.ts';

export const firstStart: Scenario<StartOptions> = {
  name: 'first-start',
  summary: 'servers 1..N started in order, a few seconds apart, from empty disks (docs walkthrough 3.1)',
  checks: ['leadership', 'election-liveness'],
  options: startOptions,
  build(world, opts) {
    const { servers, observers, order: given, gapMs: gap } = startOptions.resolve(opts);
    installEnsemble(world, { servers, observers, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
    const all = Array.from({ length: servers + observers }, (_, i) => i + 1);
    const order = given ?? all;
    order.forEach((sid, k) => {
      world.at(k * gap, `start ${sid}`, () => world.start(nodeName(sid)));
    });
    return {
      voters: all.slice(0, servers),
      observers: all.slice(servers),
      untilMs: (order.length - 1) * gap + 30_000,
      expect: `the server that completes a quorum with the largest myid leads (server ${Math.floor(servers / 2) + 1} when started in order)`,
    };
  },
};
