// A data recipe as a scenario: the faults scenario's ensemble and seeded fault plan, the
// recipe's application processes c1..cN (each an Actor, given a `note` that puts its `recipe`
// events in the trace), seeded client process faults (crash, power-off, pause — past the session
// timeout or not — each followed by the process coming back), and the recipe's checker.
import type { Actor, Context } from '../../protocol/actor.ts';
import type { Checker, World } from '../../sim/engine/world.ts';
import type { Rng } from '../../sim/engine/random.ts';
import type { RecipeFields } from '../../sim/engine/trace-events.ts';
import { checkServers } from '../../sim/faults/plan.ts';
import { generateFaultPlan } from '../../sim/faults/plan-gen.ts';
import { schedulePlan } from '../../sim/faults/triggers.ts';
import type { BuiltScenario, ScenarioInput } from '../../sim/harness/scenario.ts';
import type { RoleTracker } from '../../sim/faults/roles.ts';
import { installEnsemble, nodeName } from '../ensemble.ts';
import { FAULTS_HEAL_MS } from '../faults.ts';
import type { Note } from './app-session.ts';

/** Every data recipe's session timeout (requested; 2..20 ticks of 2000 ms allow it). */
export const RECIPE_SESSION_MS = 6000;
/** The applications start no new work after this (ms since their first start): the end is calm. */
export const RECIPE_STOP_MS = FAULTS_HEAL_MS + 5000;
/** The run ends here: what follows the heal is the recipe's time to settle. */
export const RECIPE_UNTIL_MS = FAULTS_HEAL_MS + 35_000;
/** Client processes start here (the ensemble has had time to elect). */
const FIRST_CLIENT_MS = 1500;

/** An application process of a recipe: made anew each time the process starts. */
export type AppFactory = (ctx: Context, note: Note) => Actor;

/** The connect string of servers 1..n (client port 2181 + sid). */
export function connectStringOf(n: number): string {
  return Array.from({ length: n }, (_, i) => `localhost:${2182 + i}`).join(',');
}

export interface RecipeShape {
  servers: number;
  observers: number;
  swarm?: boolean;
  clients: number;
}

/** One client's process events: a crash or power-off (down past the session timeout or not), a pause. */
export function clientEvents(
  rng: Rng,
  before: number,
): { atMs: number; what: 'crash' | 'vanish' | 'pause'; ms: number }[] {
  const out: { atMs: number; what: 'crash' | 'vanish' | 'pause'; ms: number }[] = [];
  let t = rng.int(2000, 10_000);
  while (out.length < 2) {
    const r = rng.next();
    if (r < 0.3) {
      t += rng.int(3000, 8000);
      if (t > before) break;
      continue;
    }
    const what = r < 0.55 ? 'crash' : r < 0.7 ? 'vanish' : 'pause';
    const past = rng.next() < 0.6;
    const ms = past ? RECIPE_SESSION_MS + rng.int(1000, 6000) : rng.int(300, RECIPE_SESSION_MS - 2000);
    if (t + ms > before) break;
    out.push({ atMs: t, what, ms });
    t += ms + rng.int(2000, 8000);
  }
  return out;
}

/**
 * Build the world of a data recipe: the ensemble under its fault plan, one process per entry of
 * `apps` (c1.., each made anew by its factory when it comes back from a crash), the checkers.
 */
export function buildDataRecipe(
  world: World,
  opts: ScenarioInput & RecipeShape,
  roles: RoleTracker,
  apps: AppFactory[],
  checkers: Checker[],
  expect: string,
): BuiltScenario {
  const { servers, observers } = opts;
  installEnsemble(world, { servers, observers, ...(opts.bugs ? { bugs: opts.bugs } : {}) });
  const all = Array.from({ length: servers + observers }, (_, i) => i + 1);
  for (const sid of all)
    world.node(nodeName(sid)).disk.options = { fsyncMinMs: 0.5, fsyncMaxMs: 4, tornTailChance: 0.5 };
  for (const sid of all) world.at(sid * 3, `start ${sid}`, () => world.start(nodeName(sid)));
  const events = world.random.stream('recipe-clients');
  apps.forEach((make, i) => {
    const name = `c${i + 1}`;
    const note: Note = (fields: RecipeFields) =>
      world.emit({ i: world.trace.count, t: world.now, k: 'recipe', n: name, ...fields });
    world.addNode(name, (ctx) => make(ctx, note));
    const startMs = FIRST_CLIENT_MS + i * 100;
    world.at(startMs, `client ${i + 1}`, () => world.start(name));
    for (const e of clientEvents(events, FAULTS_HEAL_MS - 10_000 - startMs)) {
      const at = startMs + e.atMs;
      if (e.what === 'pause') {
        world.at(at, `pause client ${i + 1}`, () => world.pause(name));
        world.at(at + e.ms, `resume client ${i + 1}`, () => world.resume(name));
      } else {
        world.at(at, `${e.what} client ${i + 1}`, () =>
          e.what === 'crash' ? world.crash(name) : world.powerOff(name),
        );
        world.at(at + e.ms, `start client ${i + 1}`, () => world.start(name));
      }
    }
  });
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
  for (const c of checkers) world.addChecker(c);
  return { voters: all.slice(0, servers), observers: all.slice(servers), untilMs: RECIPE_UNTIL_MS, expect, plan };
}
