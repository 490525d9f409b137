// recipe-master: the Master election of seed 002 (section 8, Master选举). "多个客户端请求创建同一个临时节点，
// 只有一个客户端请求能够创建成功": every client creates the ephemeral /master_election/master; the one
// whose create succeeds is the Master. The others register a child watcher on /master_election
// to see whether the Master is alive; once its node is gone (its session ended) they elect again.
// A Master here acts for a long term and then abdicates (deletes its node), so a run sees many.
import { between, createEphemeral, ensurePath, hold, retrying } from './recipe.ts';
import type { Recipe } from './recipe.ts';

export const MASTER_DIR = '/master_election';
export const MASTER_NODE = `${MASTER_DIR}/master`;

export const masterRecipe: Recipe = {
  name: 'recipe-master',
  summary: 'the Master election of seed 002: ephemeral /master_election/master, the others watch /master_election',
  role: 'master',
  checks: ['single-master'],
  expect: 'without --fencing a Master paused past its session timeout may act after another became Master',
  *session(app) {
    yield* ensurePath(app, MASTER_DIR);
    while (!app.stopped()) {
      const token = yield* createEphemeral(app, MASTER_NODE, app.name);
      if (token !== undefined) {
        yield* hold(app, MASTER_NODE, token, between(app, 3000, 12_000));
        yield* app.sleep(between(app, 200, 1000));
        continue;
      }
      const since = app.mark();
      const children = yield* retrying(app, () => app.getChildren(MASTER_DIR, true));
      if (children.includes('master')) yield* app.waitEvent(since);
    }
  },
};
