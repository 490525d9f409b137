// The distributed FIFO queue (seed 002: 分布式队列; the ZooKeeper recipes' queue) on
// persistent-sequential nodes:
// - QueueProducer: create /queue/item-<client>.<k>-NNNNNNNNNN (persistent-sequential; the
//   sequence number orders the queue, the name carries the item's value so that a create that
//   failed with ConnectionLoss can be looked for: it lists /queue and /queue-taken, adopts a
//   node of that value, and creates again only if there is none);
// - QueueConsumer: getChildren /queue (with a watch when it is empty), sort by sequence number,
//   take the lowest with one multi — delete the item and create its receipt
//   /queue-taken/<item> holding the consumer's name — so a take either happened or did not,
//   and after a ConnectionLoss the receipt says which; a take that fails (NoNode: another
//   consumer took the item first — a lost race) moves on to the next item of the listing.
// What FIFO means here: takes commit in the order of the items' sequence numbers — when a
// take commits, every item with a lower number is already taken (a consumer tries the items of
// its listing lowest first and goes on only past ones already gone, and an item missing from
// a listing was created after it, so numbered higher). Several consumers process their items
// concurrently: the order in which they finish is not promised.
// `naive` (a consumer): getData the lowest item, then delete it, taking NoNode on the delete as
// "already deleted, fine" (the idempotent-delete habit) — and processes the item anyway: two
// consumers that raced for it both process it.
import { CreateMode, EventType, Ids, type WatchedEvent } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import type { Context } from '../../protocol/actor.ts';
import type { MultiOp, MultiOpResult } from '../../protocol/proto.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { type AppOptions, SessionApp } from './app-session.ts';

export const QUEUE_PATH = '/queue';
export const TAKEN_PATH = '/queue-taken';

/** An item's sequence number (the server's 10 digits at the end of its name). */
export function sequenceOf(name: string): number {
  return Number(name.slice(-10));
}

/** What survives a producer's process crash: how many items it has made (its script). */
export interface ProducerProgress {
  k: number;
}

export class QueueProducer extends SessionApp {
  constructor(
    ctx: Context,
    opts: AppOptions,
    private readonly progress: ProducerProgress = { k: 0 },
  ) {
    super(ctx, opts);
  }

  protected begin(gen: number): void {
    this.ensurePath(gen, QUEUE_PATH, () => this.ensurePath(gen, TAKEN_PATH, () => this.schedule(gen)));
  }

  private schedule(gen: number): void {
    this.later(gen, 300 + Math.floor(this.ctx.random() * 1200), () => {
      if (!this.stopped()) this.put(gen, this.progress.k);
    });
  }

  private prefix(k: number): string {
    return `item-${this.ctx.id}.${k}-`;
  }

  private put(gen: number, k: number): void {
    const value = `${this.ctx.id}#${k}`;
    this.zk.create(
      `${QUEUE_PATH}/${this.prefix(k)}`,
      value,
      Ids.OPEN_ACL_UNSAFE,
      CreateMode.PERSISTENT_SEQUENTIAL,
      (rc, created) => {
        if (gen !== this.gen) return;
        if (rc === Code.OK && created) this.made(gen, k, created, value);
        else if (rc === Code.CONNECTIONLOSS) this.later(gen, 50, () => this.recover(gen, k));
      },
    );
  }

  private made(gen: number, k: number, item: string, value: string): void {
    if (this.progress.k === k) this.progress.k++;
    this.opts.note({ what: 'queue-put', item, value });
    this.schedule(gen);
  }

  /** After a ConnectionLoss on the create: is the item there (or taken already)? */
  private recover(gen: number, k: number): void {
    const mine = (c: string) => c.startsWith(this.prefix(k));
    this.getChildren(gen, QUEUE_PATH, false, (rc, items) => {
      const found = (items ?? []).find(mine);
      if (rc === Code.OK && found) return this.made(gen, k, `${QUEUE_PATH}/${found}`, `${this.ctx.id}#${k}`);
      this.getChildren(gen, TAKEN_PATH, false, (rc2, taken) => {
        const gone = (taken ?? []).find(mine);
        if (rc2 === Code.OK && gone) this.made(gen, k, `${QUEUE_PATH}/${gone}`, `${this.ctx.id}#${k}`);
        else this.put(gen, k);
      });
    });
  }
}

export interface ConsumerOptions extends AppOptions {
  naive?: boolean;
}

export class QueueConsumer extends SessionApp {
  constructor(
    ctx: Context,
    protected override readonly opts: ConsumerOptions,
  ) {
    super(ctx, opts);
  }

  protected begin(gen: number): void {
    this.ensurePath(gen, QUEUE_PATH, () => this.ensurePath(gen, TAKEN_PATH, () => this.next(gen)));
  }

  /** List the queue; take the lowest item, or wait for a child to appear. */
  private next(gen: number): void {
    let woken = false;
    const watcher = (e: WatchedEvent) => {
      if (e.type === EventType.NodeChildrenChanged && this.live(gen) && !woken) {
        woken = true;
        this.next(gen);
      }
    };
    this.getChildren(gen, QUEUE_PATH, watcher, (rc, children) => {
      if (rc !== Code.OK) return this.later(gen, 200, () => this.next(gen));
      const items = (children ?? []).sort((a, b) => sequenceOf(a) - sequenceOf(b));
      if (items.length === 0) return; // the watch wakes us
      woken = true; // we go on by ourselves; a notification of this listing is not ours to act on
      this.tryItems(gen, items, 0);
    });
  }

  private tryItems(gen: number, items: string[], k: number): void {
    if (k >= items.length) return this.next(gen);
    const name = items[k]!;
    const item = `${QUEUE_PATH}/${name}`;
    this.getData(gen, item, false, (rc, data) => {
      if (rc !== Code.OK) return this.tryItems(gen, items, k + 1);
      const value = data ?? '';
      if (this.opts.naive) return this.naiveTake(gen, items, k, item, value);
      this.take(gen, items, k, item, value);
    });
  }

  /** One multi: the item goes and its receipt comes, or neither. */
  private take(gen: number, items: string[], k: number, item: string, value: string): void {
    const receipt = `${TAKEN_PATH}/${items[k]!}`;
    const ops: MultiOp[] = [
      { op: OpCode.delete, path: item, version: -1 },
      { op: OpCode.create, path: receipt, data: this.ctx.id, acl: Ids.OPEN_ACL_UNSAFE, flags: CreateMode.PERSISTENT },
    ];
    this.zk.multi(ops, (rc, results) => {
      if (gen !== this.gen) return;
      if (rc === Code.CONNECTIONLOSS) return this.later(gen, 50, () => this.checkReceipt(gen, items, k, item, value));
      if (rc === Code.SESSIONEXPIRED) return;
      const failed = rc !== Code.OK || (results as MultiOpResult[] | undefined)?.some((r) => r.op === OpCode.error);
      if (failed) this.tryItems(gen, items, k + 1);
      else this.took(gen, item, value);
    });
  }

  /** After a ConnectionLoss on the take: the receipt says whether it was ours. */
  private checkReceipt(gen: number, items: string[], k: number, item: string, value: string): void {
    this.getData(gen, `${TAKEN_PATH}/${items[k]!}`, false, (rc, data) => {
      if (rc === Code.OK && data === this.ctx.id) this.took(gen, item, value);
      else if (rc === Code.OK) this.tryItems(gen, items, k + 1);
      else this.take(gen, items, k, item, value);
    });
  }

  private naiveTake(gen: number, items: string[], k: number, item: string, value: string): void {
    this.retry<[]>(
      gen,
      (cb) => this.zk.delete(item, -1, cb),
      (rc) => {
        if (rc === Code.OK || rc === Code.NONODE) this.took(gen, item, value);
        else this.tryItems(gen, items, k + 1);
      },
    );
  }

  /** The item is ours: process it (50..300 ms), then the next. */
  private took(gen: number, item: string, value: string): void {
    this.opts.note({ what: 'queue-took', session: this.zk.sessionId, item, value });
    this.later(gen, 50 + Math.floor(this.ctx.random() * 250), () => this.next(gen));
  }
}
