// recipe-barrier: the double barrier of the ZooKeeper recipes (seed 002: 分布式协调/通知): c1..cN
// go through BARRIER_ROUNDS rounds; in each they enter together, work, and leave together.
// Round k's barrier is /barrier/r<k>; participant p's node is /barrier/r<k>/p-<client>.
// Enter (the ZooKeeper "Barriers" recipe, double barrier):
//   1. exists(ready) with a watch — ready there: pass;
//   2. create p's node (ephemeral). Held by another session — p's own earlier one, its process
//      crashed and the session has not expired yet — that node counts p already; p watches it
//      and creates its own once it is gone (and counts again);
//   3. getChildren: fewer than N participants, wait for the ready watch; N, create ready
//      (persistent; NodeExists is fine) and pass.
// Leave:
//   1. getChildren (without ready): none left, done; only p's own, delete it, done;
//   2. p is the lowest: wait (exists with a watch) for the highest to go, then 1;
//   3. otherwise delete p's own (if there) and wait for the lowest to go, then 1.
// A new session (after an expiry, or a new process) starts the step it was in over; in the
// work and leave phases it creates p's node again first (p is still in the round). Between
// rounds each participant thinks 0..3 s, so they arrive at different times.
// --naive: p's node is ephemeral-sequential (p-<client>-NNNNNNNNNN), a fresh one on each
// attempt — so a create retried after ConnectionLoss, or made by p's new process while its
// earlier session's node is still there, counts p twice: the count can reach N while someone
// has not arrived.
import { CreateMode, EventType } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { BARRIER_ROUNDS } from '../../sim/checkers/recipes/barrier.ts';
import type { RecipeApp } from './client.ts';
import { type Recipe, between, createEphemeral, ensurePath, letGo, retrying } from './recipe.ts';
import type { Task } from './task.ts';

export const BARRIER_ROOT = '/barrier';
const READY = 'ready';

/** Where a participant is in its script (RecipeApp.memory: survives its process's crash). */
interface Progress {
  round: number;
  phase: 'enter' | 'work' | 'leave' | 'done';
}

const isCode = (e: unknown, code: number): boolean => e instanceof KeeperException && e.code === code;
const dirOf = (round: number) => `${BARRIER_ROOT}/r${round}`;

/**
 * Wait until `path` is gone: exists with a watch, and look again at any event of that path — not
 * only NodeDeleted: after a reconnect the server may answer the watch with NodeDataChanged (the
 * node was deleted and made again meanwhile), which uses the watch up as well.
 */
function* gone(app: RecipeApp, path: string): Task<void> {
  for (;;) {
    const since = app.mark();
    if ((yield* retrying(app, () => app.exists(path, true))) === null) return;
    for (let i = since; ; i++) if ((yield* app.waitEvent(i)).path === path) break;
  }
}

/** p's node in the round: its path, or undefined when an earlier session of p holds it. */
function* createMine(app: RecipeApp, round: number): Task<string | undefined> {
  const dir = dirOf(round);
  if (!app.naive) {
    const path = `${dir}/p-${app.name}`;
    return (yield* createEphemeral(app, path, app.name)) !== undefined ? path : undefined;
  }
  // naive: a fresh sequential node each attempt, the retry included
  for (;;) {
    try {
      return (yield* app.create(`${dir}/p-${app.name}-`, app.name, CreateMode.EPHEMERAL_SEQUENTIAL)).path;
    } catch (e) {
      if (!isCode(e, Code.CONNECTIONLOSS)) throw e;
      yield* app.waitConnected();
    }
  }
}

function* participants(app: RecipeApp, round: number): Task<string[]> {
  return (yield* retrying(app, () => app.getChildren(dirOf(round), false))).filter((c) => c !== READY).sort();
}

/**
 * The enter barrier of `round`: returns once passed, with p's node (undefined: an earlier
 * session's node still stands for p). p has arrived once it asks for its node: that is what
 * every other participant must have done before anyone passes.
 */
function* enter(app: RecipeApp, round: number): Task<string | undefined> {
  const ready = `${dirOf(round)}/${READY}`;
  const fixed = `${dirOf(round)}/p-${app.name}`;
  let since = app.mark();
  if ((yield* retrying(app, () => app.exists(ready, true))) !== null) return yield* createMine(app, round);
  app.record({ what: 'barrier-arrived', round, session: app.sessionId() });
  let mine = yield* createMine(app, round);
  for (;;) {
    // an earlier session's node stands for p: watch it, to take its place once it goes
    if (mine === undefined && (yield* retrying(app, () => app.exists(fixed, true))) === null) {
      mine = yield* createMine(app, round);
      continue;
    }
    if ((yield* participants(app, round)).length >= app.clients) {
      try {
        yield* retrying(app, () => app.create(ready, null, CreateMode.PERSISTENT));
      } catch (e) {
        if (!isCode(e, Code.NODEEXISTS)) throw e;
      }
      return mine;
    }
    for (;;) {
      const e = yield* app.waitEvent(since++);
      if (e.path === ready && e.type === EventType.NodeCreated) return mine;
      // the earlier session's node: any event of it (deleted, or made again) means look again
      if (mine === undefined && e.path === fixed) break;
    }
  }
}

/** The leave barrier of `round`. */
function* leave(app: RecipeApp, round: number, mine: string | undefined): Task<void> {
  const dir = dirOf(round);
  const me = mine?.slice(dir.length + 1);
  for (;;) {
    const nodes = yield* participants(app, round);
    if (nodes.length === 0) return;
    if (me !== undefined && nodes.length === 1 && nodes[0] === me) {
      yield* letGo(app, mine!);
      return;
    }
    if (me !== undefined && nodes[0] === me) {
      yield* gone(app, `${dir}/${nodes[nodes.length - 1]}`);
      continue;
    }
    if (mine !== undefined && nodes.includes(me!)) yield* letGo(app, mine);
    yield* gone(app, `${dir}/${nodes[0]}`);
  }
}

function* participate(app: RecipeApp): Task<void> {
  const p = ((app.memory as { progress?: Progress }).progress ??= { round: 1, phase: 'enter' });
  yield* ensurePath(app, BARRIER_ROOT);
  let mine: string | undefined;
  while (p.phase !== 'done') {
    yield* ensurePath(app, dirOf(p.round));
    if (p.phase === 'enter') {
      mine = yield* enter(app, p.round);
      app.record({ what: 'barrier-passed', round: p.round });
      p.phase = 'work';
    } else mine = yield* createMine(app, p.round); // a new session, in the round already
    if (p.phase === 'work') {
      yield* app.sleep(between(app, 200, 1500));
      p.phase = 'leave';
    }
    yield* leave(app, p.round, mine);
    app.record({ what: 'barrier-left', round: p.round });
    if (p.round >= BARRIER_ROUNDS) p.phase = 'done';
    else {
      yield* app.sleep(between(app, 0, 3000));
      p.round++;
      p.phase = 'enter';
    }
  }
}

export const barrierRecipe: Recipe = {
  name: 'recipe-barrier',
  summary: `the double barrier (ZooKeeper recipes): c1..cN enter /barrier/r<k> together (ephemeral node, count, ready), work, leave together, for ${BARRIER_ROUNDS} rounds; --naive: ephemeral-sequential names, a retried or restarted create counts twice`,
  checks: ['barrier'],
  expect: 'nobody passes a round before everyone arrived; everyone completes every round',
  *session(app) {
    yield* participate(app);
  },
};
