// config-convergence (recipe-config, scenarios/recipes/config.ts): what a configuration center
// promises its subscribers, judged from their `recipe` events, their calls that set a watch on
// the config znode (client.call / client.return) and the committed txns (zab.deliver). A
// subscriber is a client node, across its sessions and process restarts.
// 1. never back: a subscriber never reads a config older (lower mzxid) than one it read before;
// 2. the pull after the push: after a NodeDataChanged (3.8 sends it with zxid -1: the event does
//    not say which change), the subscriber's next read on that session shows a newer version
//    than it had read; a session still alive at the end must have made that read;
// 3. nothing lost between a push and the re-arm: a watch set by a call that is not itself the
//    pull (exists) is set in the state its reply shows; if that state's version is newer than
//    the subscriber has read, the changes up to it were not pushed (the watch came after them)
//    and must be pulled before the next notification — being notified first, or ending the run
//    without that read, is a violation (a getData with a watch pulls and arms in one: nothing
//    falls between);
// 4. one value per version: a read of mzxid m shows the value the acknowledged write of m wrote;
// 5. convergence: at the end every subscriber whose process is up (not crashed, not paused) has
//    last read the config as of the last committed write to it: the highest zxid a create or
//    setData of the config znode was delivered with, acknowledged with, or read at — unless a
//    server became leader less than SETTLE_MS before the end (subscribers reconnect, and pull,
//    within a read timeout of a leader being there; the end rules wait for that) (a txn can be
//    committed without any delivery event: logged by the old leader and a minority, then loaded
//    from its log by the next leader and sent to the others in a SNAP).
import { zxidHex } from '../../../protocol/zxid.ts';
import { OpCode } from '../../../protocol/server/txn.ts';
import type { Checker, World } from '../../engine/world.ts';
import type { EventOf, TraceEvent } from '../../engine/trace.ts';

/** The config znode of recipe-config (seed: 数据库配置信息, say). */
export const CONFIG_PATH = '/config';

/** How long after the last leader election the end of a run is judged, ms. */
export const SETTLE_MS = 10_000;

interface Sub {
  /** Highest mzxid read, its version and value. */
  mzxid: number;
  version: number;
  value: string | null;
  /** A notification on this session not yet followed by a read there (rule 2). */
  owed?: { session: bigint; version: number; i: number };
  /** A watch set in a state newer than read, not yet pulled (rule 3); notified: a notification came while a pull was in flight. */
  unread?: { version: number; i: number; notified?: boolean };
  /** getData calls on the config znode in flight. */
  pulling: number;
}

type Seen = EventOf<'recipe'> & { what: 'config-seen' };

const WRITES: ReadonlySet<number> = new Set([OpCode.create, OpCode.create2, OpCode.setData]);

export class ConfigConvergenceChecker implements Checker {
  readonly name = 'config-convergence';
  readonly kinds = ['recipe', 'zab.deliver', 'client.call', 'client.return', 'state'] as const;
  /** The last time a server became leader (µs). */
  private lastLeading = 0;
  private readonly subs = new Map<string, Sub>();
  /** mzxid → value of the acknowledged writes. */
  private readonly written = new Map<number, string>();
  /** The last committed write of the config znode. */
  private last = -1;
  /** Watch-setting exists calls on the config znode in flight, and getData calls: node/session/xid. */
  private readonly arming = new Set<string>();
  private readonly pulls = new Set<string>();

  constructor(readonly path = CONFIG_PATH) {}

  onEvent(ev: TraceEvent, world: World): void {
    switch (ev.k) {
      case 'state':
        if (ev.state === 'LEADING') this.lastLeading = ev.t;
        return;
      case 'zab.deliver':
        if (ev.path === this.path && WRITES.has(ev.type) && ev.zxid > this.last) this.last = ev.zxid;
        return;
      case 'client.call':
        if (ev.path !== this.path) return;
        if (ev.op === OpCode.exists && ev.watch !== undefined) this.arming.add(`${ev.n}/${ev.session}/${ev.xid}`);
        else if (ev.op === OpCode.getData && this.pulls.add(`${ev.n}/${ev.session}/${ev.xid}`))
          this.sub(ev.n).pulling++;
        return;
      case 'client.return': {
        if (ev.path !== this.path) return;
        if (ev.op === OpCode.getData && this.pulls.delete(`${ev.n}/${ev.session}/${ev.xid}`)) this.sub(ev.n).pulling--;
        if (ev.op !== OpCode.exists || !this.arming.delete(`${ev.n}/${ev.session}/${ev.xid}`)) return;
        const s = this.subs.get(ev.n);
        if (s && ev.rc === 0 && ev.version !== undefined && ev.version > s.version && !s.unread)
          s.unread = { version: ev.version, i: ev.i };
        return;
      }
      case 'recipe':
        if (ev.what === 'config-write' || ev.what === 'config-seen') this.last = Math.max(this.last, ev.mzxid);
        if (ev.what === 'config-write') this.written.set(ev.mzxid, ev.value);
        else if (ev.what === 'config-notified') this.notified(ev.n, ev.session, ev.i, world);
        else if (ev.what === 'config-seen') this.seen(ev, world);
        return;
    }
  }

  private sub(n: string): Sub {
    let s = this.subs.get(n);
    if (!s) this.subs.set(n, (s = { mzxid: -1, version: -1, value: null, pulling: 0 }));
    return s;
  }

  private notified(n: string, session: bigint, i: number, world: World): void {
    const s = this.sub(n);
    // a pull in flight may still read what the watch came after: judged at that read
    if (s.unread && s.pulling > 0) s.unread.notified = true;
    else if (s.unread)
      world.violate(
        this.name,
        `${n} re-armed its watch on ${this.path} at version ${s.unread.version} having read only version ${s.version} (${show(s.value)}), and was notified again before pulling: the change(s) between were neither pulled nor pushed`,
        i,
      );
    else s.unread = undefined;
    if (!s.owed || s.owed.session !== session) s.owed = { session, version: s.version, i };
  }

  private seen(ev: Seen, world: World): void {
    const s = this.sub(ev.n);
    if (ev.mzxid < s.mzxid)
      world.violate(
        this.name,
        `${ev.n} read ${show(ev.value)} (mzxid ${zxidHex(ev.mzxid)}) after it had read ${show(s.value)} (mzxid ${zxidHex(s.mzxid)}): back to an older config`,
        ev.i,
      );
    // a notification of an ended session is owed no more: the new session's reads are judged by rules 1 and 5
    if (s.owed && s.owed.session !== ev.session) s.owed = undefined;
    if (s.owed) {
      if (ev.version <= s.owed.version)
        world.violate(
          this.name,
          `${ev.n} was notified of a change after version ${s.owed.version} and pulled version ${ev.version} (${show(ev.value)}): the pull after the push did not see the change`,
          ev.i,
        );
      s.owed = undefined;
    }
    const w = this.written.get(ev.mzxid);
    if (w !== undefined && w !== ev.value)
      world.violate(
        this.name,
        `${ev.n} read ${show(ev.value)} at mzxid ${zxidHex(ev.mzxid)}, which the publisher wrote as ${show(w)}`,
        ev.i,
      );
    if (ev.mzxid >= s.mzxid) {
      s.mzxid = ev.mzxid;
      s.version = ev.version;
      s.value = ev.value;
    }
    if (s.unread && s.version >= s.unread.version) s.unread = undefined;
    else if (s.unread?.notified) {
      world.violate(
        this.name,
        `${ev.n} re-armed its watch on ${this.path} at version ${s.unread.version} having read only version ${s.version} (${show(s.value)}), was notified again and pulled version ${ev.version}: the change(s) between were neither pulled nor pushed`,
        ev.i,
      );
      s.unread = undefined;
    }
  }

  finish(world: World): void {
    // a run stopped at a violation is not at its end: what the end is judged on has not happened
    if (world.violations.length > 0) return;
    if (this.lastLeading > 0 && world.now - this.lastLeading < SETTLE_MS * 1000) return;
    for (const [n, s] of this.subs) {
      const node = world.nodes.get(n);
      if (node && node.state !== 'up') continue;
      if (s.owed)
        world.violate(this.name, `${n} was notified of a change and never pulled the config on that session`, s.owed.i);
      else if (s.unread)
        world.violate(
          this.name,
          `${n} re-armed its watch on ${this.path} at version ${s.unread.version} having read only version ${s.version} (${show(s.value)}), and never pulled it`,
          s.unread.i,
        );
      else if (this.last >= 0 && s.mzxid !== this.last)
        world.violate(
          this.name,
          `${n} ends on ${show(s.value)} (mzxid ${zxidHex(s.mzxid)}), the last write to ${this.path} is ${zxidHex(this.last)}${this.written.has(this.last) ? ` (${show(this.written.get(this.last)!)})` : ''}`,
        );
    }
  }
}

function show(v: string | null): string {
  return v === null ? 'null' : `"${v}"`;
}
