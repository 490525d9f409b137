// membership (recipe-membership, recipe-registry; scenarios/recipes/membership.ts): what group
// membership and a service registry promise their consumers, judged at the end of the run on
// simulated global time. The truth is the committed txns (zab.deliver, first delivery of each
// zxid): a member znode (a child of the group's parent) is alive from the commit of its create
// to the commit of its delete or of its session's closeSession. The group is the parent of the
// nodes members say they registered (`member-joined`): /GroupMembers, /HelloWorldService/1.0.0. A consumer's view is the list
// of its last `members-seen`. Faults stop at `healMs`; before it nothing is bounded (a consumer
// cut off from a quorum cannot know), and after it the ensemble may still have to elect a leader
// (the new leader gives every session a fresh timeout): the bounds run from the calm — the heal,
// or the last time a server became leader after it, whichever is later.
// A txn can be committed without any delivery event (logged by the old leader and a minority,
// loaded from its log by the next leader, sent to the others in a SNAP): a member's own
// account fills such gaps — its `member-joined` starts a life, its `member-left` ends one —, and
// so does what is known of its session: told it expired (client.expired), its nodes are gone;
// a node still alive at the end whose session a leader proposed to close (zab.propose of a
// closeSession) ends at the last such proposal (one never committed is proposed again by the
// next leader, as long as the session is dead).
// 1. every live member is seen: a member node alive over [a, b) is in every consumer's view
//    over [max(a, calm) + bound, b);
// 2. a gone one disappears: a member node gone at d (and not created again before e) is in no
//    consumer's view over [max(d, calm) + bound, e);
// 3. a dead member's node goes: a member process that crashes or loses power at x has the node
//    it had registered gone by max(x, calm) + sessionTimeout + bound (ZooKeeper expires its
//    session; the node may come back with the member's next process: judged by 1).
import type { Checker, World } from '../../engine/world.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import { OpCode } from '../../../protocol/server/txn.ts';

export interface MembershipBounds {
  /** When the fault plan heals (simulated ms). */
  healMs: number;
  /** The members' session timeout, ms. */
  sessionTimeoutMs: number;
  /** How long after a change (or the heal) every consumer must show it, ms. */
  boundMs: number;
}

/** One life of a member znode, µs; died undefined: alive at the end. */
interface Life {
  path: string;
  born: number;
  died?: number;
}

const CREATES: ReadonlySet<number> = new Set([OpCode.create, OpCode.create2]);

export class MembershipChecker implements Checker {
  readonly name = 'membership';
  readonly kinds = ['zab.deliver', 'recipe', 'proc', 'client.expired', 'zab.propose', 'state'] as const;
  /** session → when leaders proposed to close it (µs); the last time a server became leader. */
  private readonly closing = new Map<bigint, number>();
  private lastLeading = 0;
  /** session → the member nodes it registered; sessions whose process crashed. */
  private readonly nodesOf = new Map<bigint, Set<string>>();
  /** member node → its current session. */
  private readonly sessionOf = new Map<string, bigint>();
  /** Every life of every member path, in order; the last zxid applied to each path. */
  private readonly lives = new Map<string, Life[]>();
  private readonly applied = new Map<string, number>();
  /** consumer node → its views (time µs, members). */
  private readonly views = new Map<string, { t: number; members: Set<string> }[]>();
  /** member node → the znode it registered last (until it left). */
  private readonly registered = new Map<string, string>();
  /** Member process deaths: node, time µs, the znode it had. */
  private readonly deaths: { n: string; t: number; path: string; i: number }[] = [];
  /** The groups: parents of the nodes members registered. */
  private readonly groups = new Set<string>();

  constructor(readonly bounds: MembershipBounds) {}

  private isMember(path: string): boolean {
    return this.groups.has(parentOf(path));
  }

  onEvent(ev: TraceEvent): void {
    switch (ev.k) {
      case 'zab.deliver': {
        if (ev.type === OpCode.closeSession) for (const p of ev.paths ?? []) this.txn(p, ev.zxid, ev.t, false);
        else if (ev.type === OpCode.multi)
          for (const op of ev.ops ?? []) {
            if (CREATES.has(op.type)) this.txn(op.path, ev.zxid, ev.t, true);
            else if (op.type === OpCode.delete) this.txn(op.path, ev.zxid, ev.t, false);
          }
        else if (CREATES.has(ev.type)) this.txn(ev.path, ev.zxid, ev.t, true);
        else if (ev.type === OpCode.delete) this.txn(ev.path, ev.zxid, ev.t, false);
        return;
      }
      case 'recipe':
        if (ev.what === 'members-seen') {
          let v = this.views.get(ev.n);
          if (!v) this.views.set(ev.n, (v = []));
          v.push({ t: ev.t, members: new Set(ev.members) });
        } else if (ev.what === 'member-joined') {
          this.groups.add(parentOf(ev.node));
          this.sessionOf.set(ev.n, ev.session);
          let mine = this.nodesOf.get(ev.session);
          if (!mine) this.nodesOf.set(ev.session, (mine = new Set()));
          mine.add(ev.node);
          this.registered.set(ev.n, ev.node);
          this.told(ev.node, ev.t, true);
        } else if (ev.what === 'member-left') {
          this.registered.delete(ev.n);
          this.told(ev.node, ev.t, false);
        }
        return;
      case 'client.expired':
        this.sessionEnded(ev.session, ev.t);
        return;
      case 'zab.propose':
        if (ev.type === OpCode.closeSession && ev.session !== undefined) this.closing.set(ev.session, ev.t);
        return;
      case 'state':
        if (ev.state === 'LEADING') this.lastLeading = ev.t;
        return;
      case 'proc': {
        if (ev.what !== 'crash') return;
        const path = this.registered.get(ev.n);
        if (path !== undefined) this.deaths.push({ n: ev.n, t: ev.t, path, i: ev.i });
        this.registered.delete(ev.n);
        return;
      }
    }
  }

  /** The session is over: its member nodes are gone (if nothing said so yet). */
  private sessionEnded(session: bigint, t: number): void {
    for (const path of this.nodesOf.get(session) ?? []) this.told(path, t, false);
    this.nodesOf.delete(session);
  }

  /** A member says its node exists (born) or is gone: a life the deliveries missed begins or ends. */
  private told(path: string, t: number, born: boolean): void {
    let l = this.lives.get(path);
    if (!l) this.lives.set(path, (l = []));
    const last = l[l.length - 1];
    if (born && (!last || last.died !== undefined)) l.push({ path, born: t });
    else if (!born && last && last.died === undefined) last.died = t;
  }

  /** A create (born) or delete of a member path at zxid, applied once (its first delivery). */
  private txn(path: string | undefined, zxid: number, t: number, born: boolean): void {
    if (path === undefined || (this.applied.get(path) ?? -1) >= zxid) return;
    this.applied.set(path, zxid);
    let l = this.lives.get(path);
    if (!l) this.lives.set(path, (l = []));
    const last = l[l.length - 1];
    if (born) {
      if (!last || last.died !== undefined) l.push({ path, born: t });
    } else if (last && last.died === undefined) last.died = t;
  }

  finish(world: World): void {
    // a run stopped at a violation is not at its end: what the end is judged on has not happened
    if (world.violations.length > 0) return;
    for (const [session, t] of this.closing)
      for (const path of this.nodesOf.get(session) ?? []) {
        const last = this.lives.get(path)?.at(-1);
        if (last && last.died === undefined && last.born <= t) last.died = t;
      }
    const heal = Math.max(this.bounds.healMs * 1000, this.lastLeading);
    const bound = this.bounds.boundMs * 1000;
    const end = world.now;
    const groups = [...this.lives].filter(([p]) => this.isMember(p)).map(([, l]) => l);
    for (const [c, views] of this.views)
      for (const lives of groups)
        lives.forEach((life, k) => {
          const from = Math.max(life.born, heal) + bound;
          const to = life.died ?? end;
          const missing = from < to ? lacking(views, from, to, (m) => m.has(life.path)) : undefined;
          if (missing !== undefined)
            world.violate(
              this.name,
              `${c} does not list ${life.path} at ${ms(missing)} ms: alive since ${ms(life.born)} ms${life.died === undefined ? '' : ` until ${ms(life.died)} ms`}, ${this.bounds.boundMs} ms past ${life.born > heal ? 'its create' : 'the calm'}`,
            );
          if (life.died === undefined) return;
          const goneFrom = Math.max(life.died, heal) + bound;
          const goneTo = lives[k + 1]?.born ?? end;
          const stale = goneFrom < goneTo ? lacking(views, goneFrom, goneTo, (m) => !m.has(life.path)) : undefined;
          if (stale !== undefined)
            world.violate(
              this.name,
              `${c} still lists ${life.path} at ${ms(stale)} ms: gone since ${ms(life.died)} ms, ${this.bounds.boundMs} ms past ${life.died > heal ? 'its removal' : 'the calm'}`,
            );
        });
    for (const d of this.deaths) {
      const by = Math.max(d.t, heal) + (this.bounds.sessionTimeoutMs + this.bounds.boundMs) * 1000;
      if (by > end) continue;
      const life = (this.lives.get(d.path) ?? []).find((l) => l.born <= d.t && (l.died === undefined || l.died > d.t));
      if (life && (life.died === undefined || life.died > by))
        world.violate(
          this.name,
          `${d.n} crashed at ${ms(d.t)} ms holding ${d.path}, still there at ${ms(by)} ms (session timeout ${this.bounds.sessionTimeoutMs} ms + ${this.bounds.boundMs} ms past ${d.t > heal ? 'the crash' : 'the calm'})`,
          d.i,
        );
    }
  }
}

/** The first time in [from, to) at which the consumer's view fails `ok` (undefined: never). */
function lacking(
  views: readonly { t: number; members: Set<string> }[],
  from: number,
  to: number,
  ok: (m: Set<string>) => boolean,
): number | undefined {
  let at = -1;
  for (let j = 0; j < views.length; j++) if (views[j]!.t <= from) at = j;
  if (at < 0 || !ok(views[at]!.members)) return from;
  for (let j = at + 1; j < views.length && views[j]!.t < to; j++) if (!ok(views[j]!.members)) return views[j]!.t;
  return undefined;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function ms(t: number): string {
  return (t / 1000).toFixed(0);
}
