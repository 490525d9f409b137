// The double barrier of the ZooKeeper recipes (seed 002: 分布式协调/通知): N participants go
// through rounds; in each they enter together, work, and leave together. Round k's barrier is
// the znode /barrier/r<k>; participant p's node is /barrier/r<k>/p-<client> (ephemeral).
// Enter (ZooKeeper "Barriers" recipe, double barrier):
//   1. exists(ready) with a watch — ready there: pass;
//   2. create p's node (ephemeral). NodeExists: a node of p's own earlier session (its process
//      crashed, the session has not expired yet) — wait for it to go and create again (that
//      node still counts p as arrived meanwhile);
//   3. getChildren: fewer than N participants, wait for the ready watch; N, create ready
//      (persistent; NodeExists is fine) and pass.
// Leave:
//   1. getChildren (without ready): none left, done; only p's own, delete it, done;
//   2. p is the lowest: wait (exists with a watch) for the highest to go, then 1;
//   3. otherwise delete p's own (if there) and wait for the lowest to go, then 1.
// A new session (after an expiry, or a new process) starts the step it was in over; in the
// work and leave phases it creates p's node again first (p is still in the round).
// Between rounds each participant thinks 0..3 s, so they arrive at different times.
// `naive`: p's node is ephemeral-sequential (p-<client>-NNNNNNNNNN), a fresh one on each
// attempt — so a create retried after ConnectionLoss, or made by p's new process while its
// earlier session's node is still there, counts p twice: the count reaches N while someone has
// not arrived.
import { CreateMode, EventType, Ids, type WatchedEvent } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import type { Context } from '../../protocol/actor.ts';
import { type AppOptions, SessionApp } from './app-session.ts';

export const BARRIER_ROOT = '/barrier';
export const READY = 'ready';

/** Where a participant is in its script: survives its process's crash. */
export interface BarrierProgress {
  round: number;
  phase: 'enter' | 'work' | 'leave' | 'done';
}

export interface BarrierOptions extends AppOptions {
  participants: number;
  rounds: number;
  naive?: boolean;
}

export class BarrierParticipant extends SessionApp {
  /** p's node in the current round on this session (naive: its last create). */
  private mine: string | undefined;

  constructor(
    ctx: Context,
    protected override readonly opts: BarrierOptions,
    private readonly progress: BarrierProgress = { round: 1, phase: 'enter' },
  ) {
    super(ctx, opts);
  }

  private get dir(): string {
    return `${BARRIER_ROOT}/r${this.progress.round}`;
  }

  private get myName(): string {
    return `p-${this.ctx.id}`;
  }

  protected begin(gen: number): void {
    this.mine = undefined;
    this.ensurePath(gen, this.dir, () => this.resume(gen));
  }

  private resume(gen: number): void {
    switch (this.progress.phase) {
      case 'enter':
        return this.enter(gen);
      case 'work':
        return this.createMine(gen, () => this.work(gen));
      case 'leave':
        return this.createMine(gen, () => this.leave(gen));
      case 'done':
        return;
    }
  }

  // ---- enter ----

  private enter(gen: number): void {
    const round = this.progress.round;
    let passed = false;
    const pass = () => {
      if (passed || !this.live(gen) || this.progress.round !== round || this.progress.phase !== 'enter') return;
      passed = true;
      this.progress.phase = 'work';
      this.opts.note({ what: 'barrier-passed', round });
      this.work(gen);
    };
    const ready = `${this.dir}/${READY}`;
    const readyWatch = (e: WatchedEvent) => {
      if (e.type === EventType.NodeCreated) pass();
    };
    this.exists(gen, ready, readyWatch, (rc) => {
      if (rc === Code.OK) return pass();
      this.createMine(gen, () => {
        this.opts.note({ what: 'barrier-arrived', round, session: this.zk.sessionId });
        this.count(gen, round, pass);
      });
    });
  }

  /** Count the participants; N: create ready and pass. Otherwise the ready watch will. */
  private count(gen: number, round: number, pass: () => void): void {
    this.getChildren(gen, this.dir, false, (rc, children) => {
      if (rc !== Code.OK || this.progress.round !== round) return;
      const n = (children ?? []).filter((c) => c !== READY).length;
      if (n < this.opts.participants) return;
      this.retry<[string?]>(
        gen,
        (cb) => this.zk.create(`${this.dir}/${READY}`, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, cb),
        (rc2) => {
          if (rc2 === Code.OK || rc2 === Code.NODEEXISTS) pass();
        },
      );
    });
  }

  /** Create p's node (naive: a fresh sequential one); an earlier session's node: wait for it to go. */
  private createMine(gen: number, then: () => void): void {
    const { round, phase } = this.progress;
    // a continuation of a step already left behind (passed while waiting for an old node to go) is dropped
    const still = () => this.progress.round === round && this.progress.phase === phase;
    const naive = this.opts.naive === true;
    const path = `${this.dir}/${this.myName}${naive ? '-' : ''}`;
    const mode = naive ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL;
    this.retry<[string?]>(
      gen,
      (cb) => this.zk.create(path, this.ctx.id, Ids.OPEN_ACL_UNSAFE, mode, cb),
      (rc, created) => {
        if (rc === Code.OK && created && this.progress.round === round) this.mine = created;
        if (!still()) return;
        if (rc === Code.OK && created) return then();
        if (rc !== Code.NODEEXISTS) return;
        this.exists(gen, path, false, (rc2, stat) => {
          if (!still()) return;
          if (rc2 === Code.OK && stat?.ephemeralOwner === this.zk.sessionId) {
            // our own create, applied before its answer was lost
            this.mine = path;
            return then();
          }
          if (rc2 === Code.NONODE) return this.createMine(gen, then);
          // an earlier session's node: it counts us meanwhile; create ours once it is gone
          this.awaitGone(gen, path, () => {
            if (still()) this.createMine(gen, then);
          });
          if (phase === 'enter') {
            this.opts.note({ what: 'barrier-arrived', round, session: this.zk.sessionId });
            this.count(gen, round, () => {});
          }
        });
      },
    );
  }

  private awaitGone(gen: number, path: string, then: () => void): void {
    let done = false;
    const once = () => {
      if (!done && this.live(gen)) {
        done = true;
        then();
      }
    };
    this.exists(
      gen,
      path,
      (e) => {
        if (e.type === EventType.NodeDeleted) once();
      },
      (rc) => {
        if (rc === Code.NONODE) once();
      },
    );
  }

  // ---- work ----

  private work(gen: number): void {
    this.later(gen, 200 + Math.floor(this.ctx.random() * 1300), () => {
      this.progress.phase = 'leave';
      this.leave(gen);
    });
  }

  // ---- leave ----

  private leave(gen: number): void {
    const round = this.progress.round;
    this.getChildren(gen, this.dir, false, (rc, children) => {
      if (rc !== Code.OK || this.progress.round !== round || this.progress.phase !== 'leave') return;
      const nodes = (children ?? []).filter((c) => c !== READY).sort();
      const me = this.mine?.slice(this.dir.length + 1);
      const left = () => this.left(gen, round);
      if (nodes.length === 0) return left();
      if (me !== undefined && nodes.length === 1 && nodes[0] === me) return this.deleteMine(gen, left);
      const again = () => this.leave(gen);
      if (me !== undefined && nodes[0] === me)
        return this.awaitGone(gen, `${this.dir}/${nodes[nodes.length - 1]}`, again);
      const lowest = `${this.dir}/${nodes[0]}`;
      this.deleteMine(gen, () => this.awaitGone(gen, lowest, again));
    });
  }

  private deleteMine(gen: number, then: () => void): void {
    const mine = this.mine;
    if (mine === undefined) return then();
    this.retry<[]>(
      gen,
      (cb) => this.zk.delete(mine, -1, cb),
      () => {
        this.mine = undefined;
        then();
      },
    );
  }

  private left(gen: number, round: number): void {
    if (this.progress.round !== round || this.progress.phase !== 'leave') return;
    this.opts.note({ what: 'barrier-left', round });
    if (round >= this.opts.rounds) {
      this.progress.phase = 'done';
      return;
    }
    this.later(gen, Math.floor(this.ctx.random() * 3000), () => {
      this.progress.round = round + 1;
      this.progress.phase = 'enter';
      this.mine = undefined;
      this.ensurePath(gen, this.dir, () => this.enter(gen));
    });
  }
}
