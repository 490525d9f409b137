// zxid-order: every server logs (zab.logged) and applies (zab.deliver) txns in strictly
// increasing zxid order, with no gaps within an epoch: after (e, c) comes (e, c + 1), or the
// first txn of a later epoch, (e', 1). Log and data tree are followed separately; each
// restarts from what the server says it holds after
// - peer.loaded (restart): both at lastZxid (and what it replayed must have had no holes);
// - a LOOKING 'state' event (3.8 fast-forwards the database to its log when a role ends): both at its zxid;
// - zab.truncate (TRUNC): both at the truncation zxid;
// - zab.snap (SNAP): both at the snapshot's zxid (the leader's history up to it).
// Before a server's first reset anything goes for its first txn.
import { counterOf, epochOf, makeZxid, zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';

interface Last {
  logged: number | undefined;
  delivered: number | undefined;
}

export class ZxidOrderChecker implements Checker {
  readonly name = 'zxid-order';
  readonly kinds = ['peer.loaded', 'state', 'zab.truncate', 'zab.snap', 'zab.logged', 'zab.deliver'] as const;
  private readonly last = new Map<string, Last>();

  private of(node: string): Last {
    let l = this.last.get(node);
    if (!l) this.last.set(node, (l = { logged: undefined, delivered: undefined }));
    return l;
  }

  onEvent(ev: TraceEvent, world: World): void {
    const n = ev.n;
    if (n === undefined) return;
    switch (ev.k) {
      case 'peer.loaded':
        // What a restart replays on top of its snapshot is applied too: it must not skip txns.
        for (const [prev, zxid] of ev.holes ?? [])
          world.violate(
            this.name,
            `${n} loaded ${zxidHex(zxid)} right after ${zxidHex(prev)} from its snapshot and log: the txns between are on neither`,
            ev.i,
          );
        return this.reset(n, ev.lastZxid);
      case 'state':
        if (ev.state === 'LOOKING' && typeof ev.zxid === 'number') this.reset(n, ev.zxid);
        return;
      case 'zab.truncate':
      case 'zab.snap':
        return this.reset(n, ev.zxid);
      case 'zab.logged': {
        const l = this.of(n);
        this.check(world, ev, 'logged', l.logged);
        l.logged = ev.zxid;
        return;
      }
      case 'zab.deliver': {
        const l = this.of(n);
        this.check(world, ev, 'delivered', l.delivered);
        l.delivered = ev.zxid;
        return;
      }
    }
  }

  private reset(node: string, zxid: number): void {
    const l = this.of(node);
    l.logged = zxid;
    l.delivered = zxid;
  }

  private check(world: World, ev: EventOf<'zab.logged' | 'zab.deliver'>, what: string, prev: number | undefined): void {
    const zxid = ev.zxid;
    if (prev === undefined) return;
    if (zxid <= prev) {
      world.violate(this.name, `${ev.n} ${what} ${zxidHex(zxid)} after ${zxidHex(prev)}: zxids must increase`, ev.i);
    } else if (epochOf(zxid) === epochOf(prev)) {
      if (counterOf(zxid) !== counterOf(prev) + 1)
        world.violate(
          this.name,
          `${ev.n} ${what} ${zxidHex(zxid)} after ${zxidHex(prev)}: a gap in epoch ${epochOf(zxid)} (${zxidHex(prev + 1)} is missing)`,
          ev.i,
        );
    } else if (counterOf(zxid) !== 1) {
      world.violate(
        this.name,
        `${ev.n} ${what} ${zxidHex(zxid)} after ${zxidHex(prev)}: the first txn of epoch ${epochOf(zxid)} must be ${zxidHex(makeZxid(epochOf(zxid), 1))}`,
        ev.i,
      );
    }
  }
}
