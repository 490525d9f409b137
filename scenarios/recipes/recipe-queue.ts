// recipe-queue: the FIFO queue (scenarios/recipes/queue.ts) under the faults scenario's faults
// and client process faults. The first half of c1..cN (rounded down, at least one) produce, the
// rest consume.
import type { Scenario } from '../../sim/harness/scenario.ts';
import { QueueChecker } from '../../sim/checkers/queue.ts';
import { type DataRecipeOptions, dataRecipeOptions } from './data-options.ts';
import {
  type AppFactory,
  RECIPE_SESSION_MS,
  RECIPE_STOP_MS,
  buildDataRecipe,
  connectStringOf,
} from './data-scenario.ts';
import { QUEUE_PATH, type ProducerProgress, QueueConsumer, QueueProducer } from './queue.ts';

export const recipeQueue: Scenario<DataRecipeOptions> = {
  name: 'recipe-queue',
  summary:
    'FIFO queue (seed 002 分布式队列): producers create persistent-sequential /queue/item-, consumers take the lowest with one multi (delete + receipt); --naive: getData then delete, NoNode taken as done',
  checks: ['queue', 'every safety checker', 'liveness'],
  options: dataRecipeOptions,
  build(world, opts, roles) {
    const o = dataRecipeOptions.resolve(opts);
    const base = {
      connectString: connectStringOf(o.servers + o.observers),
      sessionTimeoutMs: RECIPE_SESSION_MS,
      stopAfterMs: RECIPE_STOP_MS,
    };
    const producers = Math.max(1, Math.floor(o.clients / 2));
    const apps: AppFactory[] = Array.from({ length: o.clients }, (_, i) => {
      if (i >= producers) return (ctx, note) => new QueueConsumer(ctx, { ...base, note, naive: o.naive === true });
      const progress: ProducerProgress = { k: 0 };
      return (ctx, note) => new QueueProducer(ctx, { ...base, note }, progress);
    });
    return buildDataRecipe(
      world,
      { ...opts, ...o },
      roles,
      apps,
      [new QueueChecker(QUEUE_PATH)],
      'every item is taken exactly once, takes commit in sequence order, and the queue drains',
    );
  },
};
