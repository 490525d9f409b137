// recipe-leader: leader election on sequential nodes, in the style of Curator's LeaderLatch: each
// candidate creates an ephemeral-sequential /leader_latch/latch-N; the lowest is the leader, each
// other watches its predecessor (sequential.ts). A leader leads for a term and then closes its
// latch (deletes its node) and joins again at the back, so a run sees many leaders.
import { between, ensurePath, hold } from './recipe.ts';
import type { Recipe } from './recipe.ts';
import { joinQueue, waitForTurn } from './sequential.ts';

export const LATCH_DIR = '/leader_latch';

export const leaderRecipe: Recipe = {
  name: 'recipe-leader',
  summary:
    "leader election on ephemeral-sequential nodes (Curator's LeaderLatch): the lowest leads, each watches its predecessor",
  role: 'master',
  checks: ['single-master'],
  expect: 'without --fencing a leader paused past its session timeout may act after the next candidate leads',
  *session(app) {
    yield* ensurePath(app, LATCH_DIR);
    while (!app.stopped()) {
      const me = yield* joinQueue(app, LATCH_DIR, 'latch-');
      const token = yield* waitForTurn(app, LATCH_DIR, me);
      if (token === undefined) continue;
      yield* hold(app, `${LATCH_DIR}/${me}`, token, between(app, 3000, 12_000));
      yield* app.sleep(between(app, 200, 1000));
    }
  },
};
