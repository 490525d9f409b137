// An observer's path of a write (seed 002 §1 and §6): three voters and one observer,
// server 4. A client connected to the observer creates /a: the observer forwards the
// REQUEST to the leader, the leader PROPOSEs it to the voters only, commits on a quorum of
// their ACKs (the observer does not vote), sends COMMIT to the followers and INFORM (the
// txn itself) to the observer, which applies it and answers its client.
import { installEnsemble, nodeName } from './ensemble.ts';
import type { Scenario } from '../sim/harness/scenario.ts';
import { walkthroughOptions } from './options.ts';
import { addWriter, clientAddr } from './writer.ts';

export const observer: Scenario = {
  name: 'observer',
  summary:
    'a write from a client on observer 4: REQUEST to the leader, PROPOSAL/ACK among voters 1..3, COMMIT, INFORM to the observer',
  checks: ['quorum-commit', 'client-consistency'],
  options: walkthroughOptions,
  build(world, opts) {
    installEnsemble(world, { servers: 3, observers: 1, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
    for (const sid of [1, 2, 3, 4]) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
    addWriter(world, {
      name: 'c1',
      connectString: clientAddr(4),
      startMs: 1000,
      sessionTimeout: 30_000,
      writes: [{ atMs: 2000, path: '/a' }],
    });
    return {
      voters: [1, 2, 3],
      observers: [4],
      untilMs: 4000,
      expect: 'server 3 leads; /a is committed on the ACKs of voters only and reaches observer 4 as an INFORM',
    };
  },
};
