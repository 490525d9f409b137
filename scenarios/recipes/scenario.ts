// A recipe as a scenario: an ensemble (3 servers by default) under the faults scenario's seeded
// fault plan, and `clients` client processes running the recipe (client.ts), hit by their own
// events (client-events.ts: pause, crash, vanish, partition from some servers); the holders write
// to a protected resource (resource.ts), fenced with --fencing. The recipe's checkers
// (sim/checkers/recipes/) judge it beside every other checker. Plan and client events are data: a
// replay file carries them as `plan` and `workload` (clients with no ops, only their events), and
// the shrinker makes them smaller, as for `faults`.
import type { Workload } from '../../sim/faults/workload.ts';
import type { Scenario } from '../../sim/harness/scenario.ts';
import { recipeCheckers } from '../../sim/checkers/recipes/index.ts';
import { installEnsemble, nodeName } from '../ensemble.ts';
import { scheduleClientEvents } from '../client-events.ts';
import { FAULTS_HEAL_MS, scheduleFaultPlan } from '../faults.ts';
import { type ClientMemory, RecipeClient } from './client.ts';
import { generateClientEvents } from './client-events.ts';
import { type RecipeOptions, recipeOptions } from './options.ts';
import type { Recipe } from './recipe.ts';
import { ProtectedResource, type RecipeRecorder } from './resource.ts';
import type { Rng } from '../../sim/engine/random.ts';

/** The recipe clients' session timeout (3.8's least with tickTime 2000 is 4000). */
export const RECIPE_SESSION_TIMEOUT_MS = 6000;
const FIRST_CLIENT_MS = 1500;
const CLIENT_GAP_MS = 100;
/**
 * The clients contend this long after they start (local ms): past the heal by more than
 * single-master's bound (3 session timeouts + 10 s), so a master lost before the heal is owed a
 * successor while they still contend; the run ends 10 s later.
 */
const CONTEND_MS = FAULTS_HEAL_MS + 40_000;

function generateClients(rng: Rng, clients: number, servers: number[]): Workload {
  const specs: Workload['clients'] = [];
  for (let c = 1; c <= clients; c++) {
    const startMs = FIRST_CLIENT_MS + c * CLIENT_GAP_MS;
    const events = generateClientEvents(rng, {
      sessionTimeoutMs: RECIPE_SESSION_TIMEOUT_MS,
      beforeMs: FAULTS_HEAL_MS - 10_000 - startMs,
      servers,
    });
    specs.push({
      startMs,
      sessionTimeoutMs: RECIPE_SESSION_TIMEOUT_MS,
      ops: [],
      ...(events.length > 0 ? { events } : {}),
    });
  }
  return { clients: specs, stopAfterMs: CONTEND_MS };
}

export function recipeScenario(recipe: Recipe): Scenario<RecipeOptions> {
  return {
    name: recipe.name,
    summary: recipe.summary,
    checks: [...recipe.checks, 'every safety checker', 'liveness'],
    options: recipeOptions,
    build(world, opts, roles) {
      const { servers, observers, clients, fencing, naive } = recipeOptions.resolve(opts);
      installEnsemble(world, { servers, observers, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
      const all = Array.from({ length: servers + observers }, (_, i) => i + 1);
      for (const sid of all)
        world.node(nodeName(sid)).disk.options = { fsyncMinMs: 0.5, fsyncMaxMs: 4, tornTailChance: 0.5 };
      for (const sid of all) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
      const connectString = all.map((sid) => `localhost:${2181 + sid}`).join(',');
      const workload = opts.workload ?? generateClients(world.random.stream('recipe-clients'), clients, all);
      const record: RecipeRecorder = (n, fields) =>
        world.emit({ i: world.trace.count, t: world.now, k: 'recipe', n, ...fields });
      const resource = new ProtectedResource(fencing === true, record);
      const stopAfterMs = workload.stopAfterMs ?? CONTEND_MS;
      workload.clients.forEach((spec, i) => {
        const name = `c${i + 1}`;
        const memory: ClientMemory = { writes: 0, startedAt: undefined, app: {} };
        world.addNode(
          name,
          (ctx) =>
            new RecipeClient(ctx, {
              connectString,
              sessionTimeoutMs: spec.sessionTimeoutMs,
              recipe,
              resource,
              record,
              stopAfterMs,
              memory,
              index: i + 1,
              clients: workload.clients.length,
              naive: naive === true,
            }),
        );
        world.at(spec.startMs, `client ${i + 1}`, () => world.start(name));
        scheduleClientEvents(world, name, i + 1, spec, all);
      });
      const plan = scheduleFaultPlan(world, opts, all, roles);
      const firstStart = Math.min(...workload.clients.map((c) => c.startMs), FIRST_CLIENT_MS);
      const sessionTimeoutMs = Math.max(...workload.clients.map((c) => c.sessionTimeoutMs), RECIPE_SESSION_TIMEOUT_MS);
      const checkerOptions = {
        sessionTimeoutMs,
        healMs: FAULTS_HEAL_MS,
        contendUntilMs: firstStart + stopAfterMs,
        clients: workload.clients.length,
      };
      return {
        voters: all.slice(0, servers),
        observers: all.slice(servers),
        untilMs: FAULTS_HEAL_MS + 50_000,
        expect: recipe.expect ?? `${recipe.checks.join(', ')} and every other checker stay quiet`,
        plan,
        workload,
        checkers: recipe.checks.map((c) => recipeCheckers[c](checkerOptions)),
      };
    },
  };
}
