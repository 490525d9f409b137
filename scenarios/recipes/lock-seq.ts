// recipe-lock-seq: the lock users reach for after the exclusive lock, as Curator's
// InterProcessMutex and kazoo's Lock build it: an ephemeral-sequential node under /locks per
// contender, the lowest holds, each other watches only its predecessor (sequential.ts).
import { between, ensurePath, hold } from './recipe.ts';
import type { Recipe } from './recipe.ts';
import { joinQueue, waitForTurn } from './sequential.ts';

export const SEQ_LOCK_DIR = '/locks';

export const lockSeqRecipe: Recipe = {
  name: 'recipe-lock-seq',
  summary:
    "the herd-free lock (Curator's InterProcessMutex, kazoo's Lock): ephemeral-sequential nodes, each watches its predecessor",
  role: 'lock',
  checks: ['mutual-exclusion'],
  expect: 'without --fencing a holder paused past its session timeout may write after its successor acquired the lock',
  *session(app) {
    yield* ensurePath(app, SEQ_LOCK_DIR);
    while (!app.stopped()) {
      const me = yield* joinQueue(app, SEQ_LOCK_DIR, 'lock-');
      const token = yield* waitForTurn(app, SEQ_LOCK_DIR, me);
      if (token === undefined) continue;
      yield* hold(app, `${SEQ_LOCK_DIR}/${me}`, token, between(app, 500, 2500));
      yield* app.sleep(between(app, 100, 800));
    }
  },
};
