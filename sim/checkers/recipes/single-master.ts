// single-master (the election recipes): at most one client acts as master at a time (holders.ts:
// the resource is written only by the current master, no two masters' writes interleave), and
// once the master's session ends at the ensemble (its closeSession is first delivered) a new
// master is elected within a bound: boundMs after the later of that end and the faults' heal
// (an ensemble without a quorum elects nobody), as long as the clients still contend then.
import { OpCode } from '../../../protocol/server/txn.ts';
import type { Checker, World } from '../../engine/world.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import { Holders } from './holders.ts';

export interface SingleMasterOptions {
  /** How long after the old master's session ended a new one must be acting, ms. */
  boundMs: number;
  /** Faults are over from here (global ms): the bound counts from here at the earliest. */
  calmFromMs: number;
  /** The clients stop contending here (global ms): a deadline past it is not judged. */
  contendUntilMs: number;
}

const fmt = (us: number): string => `${(us / 1000).toFixed(3)} ms`;

export class SingleMasterChecker implements Checker {
  readonly name = 'single-master';
  // timer: any node's timer (servers tick every few ms) lets a missed deadline be judged when it passes.
  readonly kinds = ['recipe', 'proc', 'zab.deliver', 'timer'] as const;
  private readonly holders = new Holders(this.name, 'master', { holds: 'acts as master', who: 'master' });
  /** The latest master's session and node (by acquisition), and how many acquisitions so far. */
  private last: { node: string; session: bigint } | undefined;
  private acquisitions = 0;
  /** A new master is owed by this global time (µs): after whose session ended, when. */
  private owed: { by: number; node: string; session: bigint; endedAt: number; after: number } | undefined;
  private readonly closed = new Set<bigint>();

  constructor(private readonly o: SingleMasterOptions) {}

  onEvent(ev: TraceEvent, world: World): void {
    this.holders.onEvent(ev, world);
    this.judge(world, ev.t, ev.i);
    if (ev.k === 'recipe' && ev.what === 'acquired' && ev.role === 'master') {
      this.acquisitions++;
      this.last = { node: ev.n, session: ev.session };
      this.owed = undefined;
    } else if (ev.k === 'zab.deliver' && ev.type === OpCode.closeSession && !this.closed.has(ev.session)) {
      this.closed.add(ev.session);
      if (this.last?.session === ev.session) {
        const by = Math.max(ev.t, this.o.calmFromMs * 1000) + this.o.boundMs * 1000;
        if (by <= this.o.contendUntilMs * 1000)
          this.owed = { by, node: this.last.node, session: ev.session, endedAt: ev.t, after: this.acquisitions };
      }
    }
  }

  private judge(world: World, now: number, i: number): void {
    const o = this.owed;
    if (!o || now <= o.by) return;
    this.owed = undefined;
    world.violate(
      this.name,
      `no new master within ${this.o.boundMs} ms: ${o.node}'s session 0x${o.session.toString(16)} ended at ${fmt(o.endedAt)} (bound counted from ${fmt(Math.max(o.endedAt, this.o.calmFromMs * 1000))}), and nobody acts as master by ${fmt(o.by)}`,
      i,
    );
  }

  finish(world: World): void {
    this.judge(world, world.now, world.trace.count - 1);
  }
}
