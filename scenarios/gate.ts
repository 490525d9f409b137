// The CI correctness gate's cases: which scenarios, with which options, the gate runs for
// seeds 1..N with every checker on (sim/harness/gate.ts runs them).
import { type GateCase, gateCase } from '../sim/harness/gate.ts';
import { faults } from './faults.ts';
import { firstStart } from './first-start.ts';
import { leaderCrash } from './leader-crash.ts';
import { observer } from './observer.ts';
import { partition } from './partition.ts';
import { restart } from './restart.ts';
import { recipeScenarios } from './recipes/index.ts';

/** Bump when the gate's runs change, so results of different gates are not compared. */
export const GATE_VERSION = 4;

/** The data recipes' seeds in the gate (a recipe run is ~30k events: a few keep the gate fast). */
export const DATA_RECIPE_GATE_SEEDS = 5;

const holderRecipe = (s: { checks: readonly string[] }): boolean =>
  s.checks.includes('mutual-exclusion') || s.checks.includes('single-master');

export const GATE_CASES: readonly GateCase[] = [
  gateCase(firstStart, '3 servers', { servers: 3 }),
  gateCase(firstStart, '5 servers', { servers: 5 }),
  gateCase(restart, 'docs walkthrough', {}),
  gateCase(leaderCrash, 'walkthrough', {}),
  gateCase(partition, 'walkthrough', {}),
  gateCase(observer, 'walkthrough', {}),
  gateCase(faults, '5 servers', { servers: 5 }),
  gateCase(faults, '3 servers + 2 observers', { servers: 3, observers: 2 }),
  // The lock and election recipes pass with fencing (without, they fail by design: test/recipes/).
  ...recipeScenarios.filter(holderRecipe).map((s) => gateCase(s, 'fenced', { fencing: true })),
  // The data recipes (config center, membership, registry, queue, barrier) as written: they pass.
  ...recipeScenarios.filter((s) => !holderRecipe(s)).map((s) => gateCase(s, 'correct', {}, DATA_RECIPE_GATE_SEEDS)),
];
