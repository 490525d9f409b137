// The `faults` scenario: an ensemble (5 servers by default, --observers K) under a client
// workload from several sessions, hit by a seeded fault plan (crashes and restarts — of
// whoever leads at that moment too —, partitions of every shape including cutting off the
// leader, one-way links, latency, fsync stalls, clock drift) until every fault heals;
// then the ensemble must converge: a leader established and every client op answered.
import { WorkloadClient } from './workload.ts';
import { generateFaultPlan } from './fault-gen.ts';
import { installEnsemble, nodeName } from './ensemble.ts';
import type { Scenario } from './scenario.ts';
import { schedulePlan } from '../sim/fault-triggers.ts';
import { RoleTracker } from '../sim/roles.ts';

export const FAULTS_HEAL_MS = 45_000;

export const faults: Scenario = {
  name: 'faults',
  summary: 'servers under a client workload and a seeded fault plan (crash, restart, partitions, one-way, latency, fsync stalls, clock drift), then heal',
  checks: ['every safety checker', 'liveness'],
  options: ['servers', 'observers', 'swarm'],
  build(world, opts) {
    const servers = opts.servers ?? 5;
    const observers = opts.observers ?? 0;
    installEnsemble(world, { servers, observers, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
    const all = Array.from({ length: servers + observers }, (_, i) => i + 1);
    // A crash may leave a torn tail of the last unsynced log append (the checksum must catch it).
    for (const sid of all) world.node(nodeName(sid)).disk.options = { fsyncMinMs: 0.5, fsyncMaxMs: 4, tornTailChance: 0.5 };
    for (const sid of all) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
    const connectString = all.map((sid) => `localhost:${2181 + sid}`).join(',');
    const rng = world.random.stream('faults');
    const clients = 3;
    for (let c = 1; c <= clients; c++) {
      const name = `c${c}`;
      world.addNode(name, (ctx) => new WorkloadClient(ctx, { connectString, sessionTimeout: 10_000, minThinkMs: 20, maxThinkMs: 300, stopAfterMs: FAULTS_HEAL_MS + 20_000 }));
      world.at(1500 + c * 100, `client ${c}`, () => world.start(name));
    }
    // Role-targeted faults ask who leads at that moment.
    const roles = new RoleTracker();
    world.trace.subscribe((e) => roles.onEvent(e));
    schedulePlan(world, generateFaultPlan(rng, { servers: all, startMs: 4000, healMs: FAULTS_HEAL_MS, ...(opts.swarm ? { swarm: true, episodes: rng.int(1, 20) } : { episodes: rng.int(1, 8) }) }), roles);
    return {
      voters: all.slice(0, servers),
      observers: all.slice(servers),
      untilMs: FAULTS_HEAL_MS + 50_000,
      expect: 'no checker fires; after the heal a leader is established and every client op is answered',
    };
  },
};
