// recipe-config: the configuration center (scenarios/recipes/config.ts) under the faults
// scenario's faults and client process faults. c1 publishes, c2..cN subscribe.
import type { Scenario } from '../../sim/harness/scenario.ts';
import { ConfigConvergenceChecker } from '../../sim/checkers/config-convergence.ts';
import { CONFIG_PATH, ConfigPublisher, ConfigSubscriber, type PublisherProgress } from './config.ts';
import { type DataRecipeOptions, dataRecipeOptions } from './data-options.ts';
import {
  type AppFactory,
  RECIPE_SESSION_MS,
  RECIPE_STOP_MS,
  buildDataRecipe,
  connectStringOf,
} from './data-scenario.ts';

export const recipeConfig: Scenario<DataRecipeOptions> = {
  name: 'recipe-config',
  summary:
    'configuration center (seed 002 配置中心): c1 setData /config, the others getData with a watch and pull after each push; --naive: pull, then re-arm with exists',
  checks: ['config-convergence', 'every safety checker', 'liveness'],
  options: dataRecipeOptions,
  build(world, opts, roles) {
    const o = dataRecipeOptions.resolve(opts);
    const base = {
      connectString: connectStringOf(o.servers + o.observers),
      sessionTimeoutMs: RECIPE_SESSION_MS,
      stopAfterMs: RECIPE_STOP_MS,
    };
    const progress: PublisherProgress = { k: 0 };
    const apps: AppFactory[] = Array.from({ length: o.clients }, (_, i) =>
      i === 0
        ? (ctx, note) => new ConfigPublisher(ctx, { ...base, note }, progress)
        : (ctx, note) => new ConfigSubscriber(ctx, { ...base, note, naive: o.naive === true }),
    );
    return buildDataRecipe(
      world,
      { ...opts, ...o },
      roles,
      apps,
      [new ConfigConvergenceChecker(CONFIG_PATH)],
      'every subscriber ends on the last committed config, never goes back, and pulls after every push',
    );
  },
};
