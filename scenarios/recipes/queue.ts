// recipe-queue: the distributed FIFO queue (seed 002: 分布式队列; the ZooKeeper recipes' queue) on
// persistent-sequential nodes. The first half of c1..cN (rounded down, at least one) produce,
// the rest consume.
// - A producer creates /queue/item-<client>.<k>-NNNNNNNNNN every 0.3..1.5 s (persistent-
//   sequential; the sequence number orders the queue, the name carries the item, so a create
//   that failed with ConnectionLoss can be looked for: it lists /queue and /queue-taken, adopts
//   a node of that item, and creates again only if there is none).
// - A consumer lists /queue (with a watch when it is empty), sorts by sequence number and takes
//   the lowest with one multi — delete the item, create its receipt /queue-taken/<item> holding
//   the consumer's name — so a take happened or did not, and after a ConnectionLoss the receipt
//   says whose it was; a take that fails with NoNode or NodeExists (another consumer took it
//   first: a lost race) goes on to the next item of its listing — unless an attempt of its own
//   got ConnectionLoss before: that multi may still have been on its way to the leader when the
//   receipt read NoNode, and committed since, so the race may be lost to itself; the receipt
//   says (recipe-queue seed 311). It processes each item 50..300 ms.
// What FIFO means here: takes commit in the order of the items' sequence numbers — when a take
// commits, every item with a lower number is already taken (a consumer tries the items of its
// listing lowest first and moves on only past ones already gone, and an item missing from a
// listing was created after it, so it is numbered higher). Consumers process their items
// concurrently: the order in which they finish is not promised.
// --naive (a consumer): getData the lowest item, then delete it, taking NoNode on the delete as
// "already deleted, fine" (the idempotent-delete habit), and process it anyway: two consumers
// that raced for an item both process it.
import { CreateMode, EventType, Ids } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { QUEUE_PATH, TAKEN_PATH } from '../../sim/checkers/recipes/queue.ts';
import type { RecipeApp } from './client.ts';
import { type Recipe, between, ensurePath, retrying, sequenceOf } from './recipe.ts';
import type { Task } from './task.ts';

const isCode = (e: unknown, code: number): boolean => e instanceof KeeperException && e.code === code;

function* produce(app: RecipeApp): Task<void> {
  const mem = app.memory as { k?: number };
  while (!app.stopped()) {
    yield* app.sleep(between(app, 300, 1500));
    const k = mem.k ?? 0;
    const prefix = `item-${app.name}.${k}-`;
    const value = `${app.name}#${k}`;
    let item: string | undefined;
    while (item === undefined) {
      try {
        item = (yield* app.create(`${QUEUE_PATH}/${prefix}`, value, CreateMode.PERSISTENT_SEQUENTIAL)).path;
      } catch (e) {
        if (!isCode(e, Code.CONNECTIONLOSS) && !isCode(e, Code.SESSIONMOVED)) throw e;
        yield* app.waitConnected();
        const queued = (yield* retrying(app, () => app.getChildren(QUEUE_PATH, false))).find((c) =>
          c.startsWith(prefix),
        );
        const taken =
          queued ?? (yield* retrying(app, () => app.getChildren(TAKEN_PATH, false))).find((c) => c.startsWith(prefix));
        if (taken !== undefined) item = `${QUEUE_PATH}/${taken}`;
      }
    }
    mem.k = k + 1;
    app.record({ what: 'queue-put', item, value });
  }
}

/** Take item `name` (one multi: the item goes, its receipt comes); false: another consumer had it. */
function* take(app: RecipeApp, name: string): Task<boolean> {
  const item = `${QUEUE_PATH}/${name}`;
  const receipt = `${TAKEN_PATH}/${name}`;
  /** Whose take the receipt records (none: nobody's yet). */
  const mine = function* (): Task<boolean | undefined> {
    try {
      return (yield* retrying(app, () => app.getData(receipt, false))).data === app.name;
    } catch (e) {
      if (!isCode(e, Code.NONODE)) throw e;
      return undefined;
    }
  };
  // an attempt of this take whose answer was lost: it may commit any time until a later one fails
  let inFlight = false;
  for (;;) {
    try {
      yield* app.multi([
        { op: OpCode.delete, path: item, version: -1 },
        { op: OpCode.create, path: receipt, data: app.name, acl: Ids.OPEN_ACL_UNSAFE, flags: CreateMode.PERSISTENT },
      ]);
      return true;
    } catch (e) {
      // the item is gone or its receipt made: a take committed — maybe our own lost attempt
      if (isCode(e, Code.NONODE) || isCode(e, Code.NODEEXISTS)) return inFlight && (yield* mine()) === true;
      // SessionMoved: sent through a server the session has left; like ConnectionLoss, the outcome is the receipt's to tell
      if (!isCode(e, Code.CONNECTIONLOSS) && !isCode(e, Code.SESSIONMOVED)) throw e;
    }
    inFlight = true;
    // did it go through? the receipt says whose take it was
    yield* app.waitConnected();
    const r = yield* mine();
    if (r !== undefined) return r;
  }
}

/** The naive take: delete, NoNode taken as done. */
function* naiveTake(app: RecipeApp, name: string): Task<boolean> {
  try {
    yield* retrying(app, () => app.delete(`${QUEUE_PATH}/${name}`, -1));
  } catch (e) {
    if (!isCode(e, Code.NONODE)) throw e;
  }
  return true;
}

function* consume(app: RecipeApp): Task<void> {
  for (;;) {
    const since = app.mark();
    const items = (yield* retrying(app, () => app.getChildren(QUEUE_PATH, true))).sort(
      (a, b) => sequenceOf(a) - sequenceOf(b),
    );
    if (items.length === 0) {
      for (let i = since; ; i++) {
        const e = yield* app.waitEvent(i);
        if (e.path === QUEUE_PATH && e.type === EventType.NodeChildrenChanged) break;
      }
      continue;
    }
    for (const name of items) {
      let value: string | null;
      try {
        value = (yield* retrying(app, () => app.getData(`${QUEUE_PATH}/${name}`, false))).data;
      } catch (e) {
        if (!isCode(e, Code.NONODE)) throw e;
        continue;
      }
      if (!(yield* app.naive ? naiveTake(app, name) : take(app, name))) continue;
      app.record({ what: 'queue-took', session: app.sessionId(), item: `${QUEUE_PATH}/${name}`, value: value ?? '' });
      yield* app.sleep(between(app, 50, 300));
      break;
    }
  }
}

export const queueRecipe: Recipe = {
  name: 'recipe-queue',
  summary:
    'the FIFO queue of seed 002 (分布式队列): producers create persistent-sequential /queue/item-, consumers take the lowest with one multi (delete + receipt); --naive: getData then delete, NoNode taken as done',
  checks: ['queue'],
  expect: 'every item is taken exactly once, takes commit in sequence order, and the queue drains',
  *session(app) {
    yield* ensurePath(app, QUEUE_PATH);
    yield* ensurePath(app, TAKEN_PATH);
    if (app.index <= Math.max(1, Math.floor(app.clients / 2))) yield* produce(app);
    else yield* consume(app);
  },
};
