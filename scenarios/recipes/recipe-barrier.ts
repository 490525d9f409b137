// recipe-barrier: the double barrier (scenarios/recipes/barrier.ts) under the faults scenario's
// faults and client process faults: c1..cN go through BARRIER_ROUNDS rounds together.
import type { Scenario } from '../../sim/harness/scenario.ts';
import { BarrierChecker } from '../../sim/checkers/barrier.ts';
import { BarrierParticipant, type BarrierProgress } from './barrier.ts';
import { type DataRecipeOptions, dataRecipeOptions } from './data-options.ts';
import { type AppFactory, RECIPE_SESSION_MS, buildDataRecipe, connectStringOf } from './data-scenario.ts';

export const BARRIER_ROUNDS = 6;

export const recipeBarrier: Scenario<DataRecipeOptions> = {
  name: 'recipe-barrier',
  summary:
    'double barrier (ZooKeeper recipes): c1..cN enter /barrier/r<k> together (ephemeral node, count, ready), work, leave together, for 6 rounds; --naive: ephemeral-sequential names, a retried or restarted create counts twice',
  checks: ['barrier', 'every safety checker', 'liveness'],
  options: dataRecipeOptions,
  build(world, opts, roles) {
    const o = dataRecipeOptions.resolve(opts);
    const base = {
      connectString: connectStringOf(o.servers + o.observers),
      sessionTimeoutMs: RECIPE_SESSION_MS,
      participants: o.clients,
      rounds: BARRIER_ROUNDS,
      naive: o.naive === true,
    };
    const apps: AppFactory[] = Array.from({ length: o.clients }, () => {
      const progress: BarrierProgress = { round: 1, phase: 'enter' };
      return (ctx, note) => new BarrierParticipant(ctx, { ...base, note }, progress);
    });
    const names = Array.from({ length: o.clients }, (_, i) => `c${i + 1}`);
    return buildDataRecipe(
      world,
      { ...opts, ...o },
      roles,
      apps,
      [new BarrierChecker(names, BARRIER_ROUNDS)],
      'nobody passes a round before everyone arrived; everyone completes every round',
    );
  },
};
