// The recipe scenarios, one per recipe file: scenarios/index.ts registers them.
import type { Scenario } from '../../sim/harness/scenario.ts';
import { leaderRecipe } from './leader.ts';
import { lockSeqRecipe } from './lock-seq.ts';
import { lockRecipe } from './lock.ts';
import { masterRecipe } from './master.ts';
import type { Recipe } from './recipe.ts';
import { recipeScenario } from './scenario.ts';

/** Every recipe, in the order `zksim list scenarios` shows them. */
export const recipes: readonly Recipe[] = [lockRecipe, lockSeqRecipe, masterRecipe, leaderRecipe];

export const recipeScenarios: readonly Scenario[] = recipes.map((r) => recipeScenario(r) as unknown as Scenario);
