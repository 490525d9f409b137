// The `faults` scenario: an ensemble (5 servers by default, --observers K) under a client
// workload from several sessions, hit by a fault plan (crashes and restarts — of whoever leads
// at that moment too —, partitions of every shape including cutting off the leader, one-way
// links, latency, fsync stalls, wall-clock steps and clock drift) until every fault heals; then the ensemble must
// converge: a leader established and every client op answered. The plan and the workload are
// data: generated from the seed (rng streams 'faults' and 'workload'), or given (opts.plan,
// opts.workload, as a replay file or the shrinker gives them). What a seed draws here is part of
// GENERATOR_VERSION (sim/faults/generator-version.ts).
import { WorkloadClient, type WorkloadProgress } from './workload.ts';
import type { Workload } from '../sim/faults/workload.ts';
import { generateFaultPlan } from '../sim/faults/plan-gen.ts';
import { generateWorkload } from '../sim/faults/workload-gen.ts';
import { installEnsemble, nodeName } from './ensemble.ts';
import { scheduleClientEvents } from './client-events.ts';
import type { Scenario } from '../sim/harness/scenario.ts';
import { type FaultsOptions, faultsOptions } from './options.ts';
import { type FaultPlan, checkServers } from '../sim/faults/plan.ts';
import type { World } from '../sim/engine/world.ts';
import type { RoleTracker } from '../sim/faults/roles.ts';
import { schedulePlan } from '../sim/faults/triggers.ts';

export const FAULTS_HEAL_MS = 45_000;

/** What the seeded workload is drawn with (sim/faults/workload-gen.ts). */
const WORKLOAD = {
  clients: 3,
  firstStartMs: 1500,
  startGapMs: 100,
  sessionTimeoutMs: 10_000,
  minThinkMs: 20,
  maxThinkMs: 300,
  stopAfterMs: FAULTS_HEAL_MS + 20_000,
  /** Client process events (crash, vanish, pause) only before the heal, so liveness has its calm. */
  eventsBeforeMs: FAULTS_HEAL_MS - 10_000,
};

function hasTtl(w: Workload): boolean {
  return w.clients.some((c) => c.ops.some((op) => op.op === 'create' && (op.mode ?? '').endsWith('-ttl')));
}

export const faults: Scenario<FaultsOptions> = {
  name: 'faults',
  summary:
    'servers under a client workload and a seeded fault plan (crash, restart, partitions, one-way, latency, fsync stalls, clock steps and drift), then heal',
  checks: ['every safety checker', 'liveness'],
  options: faultsOptions,
  build(world, opts, roles) {
    const { servers, observers } = faultsOptions.resolve(opts);
    const workload = opts.workload ?? generateWorkload(world.random.stream('workload'), WORKLOAD);
    installEnsemble(world, {
      servers,
      observers,
      ...(opts.bugs ? { bugs: opts.bugs } : {}),
      // TTL nodes need extended types (zookeeper.extendedTypesEnabled); a workload without them runs as before.
      ...(hasTtl(workload) ? { extra: ['extendedTypesEnabled=true'] } : {}),
    });
    const all = Array.from({ length: servers + observers }, (_, i) => i + 1);
    // A crash may leave a torn tail of the last unsynced log append (the checksum must catch it).
    for (const sid of all)
      world.node(nodeName(sid)).disk.options = { fsyncMinMs: 0.5, fsyncMaxMs: 4, tornTailChance: 0.5 };
    for (const sid of all) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
    const connectString = all.map((sid) => `localhost:${2181 + sid}`).join(',');
    workload.clients.forEach((spec, i) => {
      const name = `c${i + 1}`;
      // The client's script goes on across its process's crashes (scenarios/workload.ts).
      const progress: WorkloadProgress = { next: 0, startedAt: undefined };
      world.addNode(
        name,
        (ctx) =>
          new WorkloadClient(ctx, {
            connectString,
            spec,
            progress,
            ...(workload.stopAfterMs !== undefined ? { stopAfterMs: workload.stopAfterMs } : {}),
          }),
      );
      world.at(spec.startMs, `client ${i + 1}`, () => world.start(name));
      scheduleClientEvents(world, name, i + 1, spec, all);
    });
    const plan = scheduleFaultPlan(world, opts, all, roles);
    return {
      voters: all.slice(0, servers),
      observers: all.slice(servers),
      untilMs: FAULTS_HEAL_MS + 50_000,
      expect: 'no checker fires; after the heal a leader is established and every client op is answered',
      plan,
      workload,
    };
  },
};

/**
 * The run's fault plan — the input's (checked against the ensemble) or one drawn from the seed's
 * `faults` stream (swarm or plain) — scheduled; role-targeted faults ask the run's RoleTracker
 * who is what at that moment. The faults scenario and the recipe scenarios share it.
 */
export function scheduleFaultPlan(
  world: World,
  opts: { plan?: FaultPlan | undefined; swarm?: boolean | undefined },
  all: number[],
  roles: RoleTracker,
): FaultPlan {
  let plan = opts.plan;
  if (plan) checkServers(plan, all);
  else {
    const rng = world.random.stream('faults');
    plan = generateFaultPlan(rng, {
      servers: all,
      startMs: 4000,
      healMs: FAULTS_HEAL_MS,
      ...(opts.swarm ? { swarm: true, episodes: rng.int(1, 20) } : { episodes: rng.int(1, 8) }),
    });
  }
  schedulePlan(world, plan, roles);
  return plan;
}
