// What the lock and election checkers share: who believes they hold a role (from the recipe
// events acquired / released, and their process's crash), judged on simulated global time against
// the writes the protected resource accepted (scenarios/recipes/resource.ts). A rejected write
// (fenced off) did not act; an accepted one did. Two rules, the checker's words for them:
// 1. the resource is written only by the current holder: the client whose acquisition is the
//    latest among those who believe they hold;
// 2. no two clients act as holder at the same instant: between two accepted writes of one
//    tenure, no other client's write is accepted.
import { zxidHex } from '../../../protocol/zxid.ts';
import type { EventOf, TraceEvent } from '../../engine/trace.ts';
import type { World } from '../../engine/world.ts';

export type Role = 'lock' | 'master';

interface Tenure {
  token: number;
  session: bigint;
  /** When it acquired (global µs), and its order among acquisitions. */
  since: number;
  order: number;
  /** The last accepted write of this tenure (global µs), if any. */
  lastWrite: number | undefined;
}

const ms = (us: number): string => `${(us / 1000).toFixed(3)} ms`;

export class Holders {
  /** client node → its tenure, while it believes it holds. */
  readonly tenures = new Map<string, Tenure>();
  private acquisitions = 0;
  /** The last accepted write: by whom, when. */
  private lastWriter: { node: string; at: number } | undefined;

  constructor(
    private readonly checker: string,
    private readonly role: Role,
    /** What holding is called in messages: "holds the lock" / "acts as master", and who does it: "holder" / "master". */
    private readonly words: { holds: string; who: string },
  ) {}

  /** The holder whose acquisition is the latest, if any. */
  current(): [string, Tenure] | undefined {
    let best: [string, Tenure] | undefined;
    for (const e of this.tenures) if (!best || e[1].order > best[1].order) best = e;
    return best;
  }

  /** Feed a recipe or proc event. */
  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'proc') {
      if (ev.what === 'crash') this.tenures.delete(ev.n);
      return;
    }
    // Other recipes' events (not about a held role) are not ours.
    if (ev.k !== 'recipe' || !('role' in ev) || ev.role !== this.role) return;
    switch (ev.what) {
      case 'acquired':
        this.tenures.set(ev.n, {
          token: ev.token,
          session: ev.session,
          since: ev.t,
          order: ++this.acquisitions,
          lastWrite: undefined,
        });
        return;
      case 'released':
        this.tenures.delete(ev.n);
        return;
      case 'write':
        if (ev.accepted) this.onWrite(ev, world);
        return;
    }
  }

  private onWrite(ev: EventOf<'recipe'> & { what: 'write' }, world: World): void {
    const mine = this.tenures.get(ev.n);
    const cur = this.current();
    if (cur && cur[0] !== ev.n) {
      const [who, t] = cur;
      world.violate(
        this.checker,
        `${ev.n} wrote to the protected resource (token ${zxidHex(ev.token)}) at ${ms(ev.t)}, but ${who} ${this.words.holds} since ${ms(t.since)} (token ${zxidHex(t.token)}): the resource is written by a client that is not the current ${this.words.who}`,
        ev.i,
      );
    }
    const last = this.lastWriter;
    if (mine && last && last.node !== ev.n && mine.lastWrite !== undefined && last.at > mine.lastWrite)
      world.violate(
        this.checker,
        `${ev.n} and ${last.node} acted as ${this.words.who} at the same time: ${ev.n} wrote at ${ms(mine.lastWrite)} and ${ms(ev.t)} in one tenure (token ${zxidHex(ev.token)}), ${last.node} wrote at ${ms(last.at)} in between`,
        ev.i,
      );
    if (mine) mine.lastWrite = ev.t;
    this.lastWriter = { node: ev.n, at: ev.t };
  }
}
