// The recipe scenarios, one per recipe file: scenarios/index.ts registers them.
// To add a recipe: write scenarios/recipes/<name>.ts exporting a Recipe (recipe.ts: its name,
// summary, the checkers that judge it by name, and its `session` task written against RecipeApp,
// client.ts), add it to `recipes` below; a checker of its own goes in sim/checkers/recipes/<name>.ts
// and under its name in sim/checkers/recipes/index.ts's recipeCheckers, and the events it reads
// in sim/engine/trace-events.ts's RecipeFields (app.record traces them).
import type { Scenario } from '../../sim/harness/scenario.ts';
import { barrierRecipe } from './barrier.ts';
import { configRecipe } from './config.ts';
import { leaderRecipe } from './leader.ts';
import { lockSeqRecipe } from './lock-seq.ts';
import { lockRecipe } from './lock.ts';
import { masterRecipe } from './master.ts';
import { membershipRecipeDef, registryRecipe } from './membership.ts';
import { queueRecipe } from './queue.ts';
import type { Recipe } from './recipe.ts';
import { recipeScenario } from './scenario.ts';

/** Every recipe, in the order `zksim list scenarios` shows them. */
export const recipes: readonly Recipe[] = [
  lockRecipe,
  lockSeqRecipe,
  masterRecipe,
  leaderRecipe,
  configRecipe,
  membershipRecipeDef,
  registryRecipe,
  queueRecipe,
  barrierRecipe,
];

export const recipeScenarios: readonly Scenario[] = recipes.map((r) => recipeScenario(r) as unknown as Scenario);
