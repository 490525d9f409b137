// watches: what a client's watches deliver is what ZooKeeper promises (Programmer's Guide,
// "ZooKeeper Watches", 3.8 semantics), judged from the client's own trace (client.call with the
// watch it asks for, client.return, client.event) against the committed history of every path
// (zab.deliver, first delivery of each zxid, with a multi's sub-txns and a closeSession's
// removed ephemerals).
//
// The checker keeps, per session, the watches the client holds: a watching read that succeeds
// sets one (exists OK: a data watch, exists NONODE: an exist watch, getData OK: data,
// getChildren OK: child, addWatch OK: persistent or recursive), at the state the read saw —
// its reply's zxid (the server's last processed zxid when it served the read). A standard watch
// goes when it fires (ZKWatchManager.materialize: NodeCreated and NodeDataChanged take the
// path's data and exist watches, NodeChildrenChanged its child watch, NodeDeleted all three);
// a *WatchRemoved event (removeWatches) takes its kind; the session's end takes all (a
// closeSession: for every change after it — the events of the close's own ephemeral deletes
// still reach the closing session, as FinalRequestProcessor sends them before it closes).
// Checked, per delivered event of a node (NodeCreated, NodeDeleted, NodeDataChanged,
// NodeChildrenChanged):
// 1. the client holds a watch the event is for: a standard one on its path (at most once: a
//    fired watch is gone), a persistent one on its path, or a recursive one on it or above it
//    (not for NodeChildrenChanged);
// 2. the change happened after the watch was set: a committed txn of the event's kind on the
//    path with a zxid above the state the watch saw — NodeCreated a create, NodeDeleted a
//    delete, NodeChildrenChanged a child's create or delete (or the node's re-creation),
//    NodeDataChanged any change of the node (setWatches on reconnect fires it for a node
//    deleted and created again while the client was away); a persistent or recursive watch
//    moves past the change each event stands for (an event per change, never one twice);
// 3. the event comes before the new data: a read (getData, exists) of the path that sees new
//    data while a standard watch of the session on it has not fired — the node there while an
//    exist watch saw it absent, another version or no node while a data watch saw a version —
//    is a violation: the server sends the event before it answers anything that reads the
//    change, and on a reconnect setWatches fires the missed events before any reply. (Changes
//    that came and went while the client was away, a create and its delete, fire nothing:
//    setWatches compares the node as it is now.)
// Not for a path whose ACL a setACL changed: a session without READ on it is sent no event
// (ServerCnxn.process, CVE-2024-23944's fix) while its watch fires, so the new data comes first.
// A read whose reply carries no zxid (<= 0) sets its watch at the earliest state of the path
// with the version it returned (or, without a version, at the start): lenient, never early.
import { EventType, eventTypeName } from '../../protocol/data.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import type { DeliveredOp } from '../../protocol/trace.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, hexSession, insert, newlyCommitted } from './replicas.ts';

type Kind = 'create' | 'delete' | 'set';
interface Change {
  zxid: number;
  kind: Kind;
  /** The node's data version after it (create: 0). */
  version: number;
}

/** How far a persistent or recursive watch's events have gone: every change below zxid z, and k at z. */
interface Pos {
  z: number;
  k: number;
}

type WatchKind = 'exist' | 'data' | 'child' | 'persistent' | 'recursive';

interface Watches {
  /** Standard watches: the zxid of the state they were set on (a data watch: and the version it saw). */
  data?: number;
  dataVersion?: number;
  exist?: number;
  child?: number;
  /** Persistent: the state it was set on, and how far its events have gone. */
  persistent?: { from: number; data?: Pos; child?: Pos };
  /** Recursive: the state it was set on, and how far its events have gone, per path at or below it. */
  recursive?: { from: number; at: Map<string, Pos> };
}

const READS: ReadonlySet<number> = new Set([OpCode.exists, OpCode.getData, OpCode.getChildren, OpCode.getChildren2]);

/** The kind of change an event of this type stands for (NodeDataChanged: any). */
function wanted(type: number): Kind | undefined {
  return type === EventType.NodeCreated ? 'create' : type === EventType.NodeDeleted ? 'delete' : undefined;
}

function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.slice(0, i);
}

export class WatchesChecker implements Checker {
  readonly name = 'watches';
  readonly kinds = [...REPLICA_KINDS, 'client.call', 'client.return', 'client.event', 'client.expired'] as const;
  /** Zxids whose content a zab.deliver told. */
  private readonly known = new Set<number>();
  /**
   * Committed zxids whose content no delivery has told yet (a new leader's history is committed
   * as a whole when it is established; a server's tree takes txns from its own log on a reload,
   * untraced): a check that would need a change after one of them is skipped.
   */
  private readonly unknown: number[] = [];

  constructor(private readonly m: Replicas = new Replicas()) {}
  /** path → its committed changes, in zxid order. */
  private readonly history = new Map<string, Change[]>();
  /** path → zxids of its children's creates and deletes. */
  private readonly childChanges = new Map<string, number[]>();
  /** "node:xid" → the watch a pending call asks for. */
  private readonly asked = new Map<string, WatchKind>();
  /** session → path → its watches. */
  private readonly sessions = new Map<bigint, Map<string, Watches>>();
  /** session → the zxid of its closeSession (first delivered): its watches fire for no later change. */
  private readonly closedAt = new Map<bigint, number>();
  /**
   * Paths whose ACL a setACL changed: a session that may not READ the znode is sent none of its
   * watch events (ServerCnxn.process, the CVE-2024-23944 fix), though the watch fires and is
   * gone — and exists reads it without an ACL check. Rule 3 does not hold for them.
   */
  private readonly aclChanged = new Set<string>();

  onEvent(ev: TraceEvent, world: World): void {
    for (const z of newlyCommitted(this.m.observe(ev))) if (!this.known.has(z)) insert(this.unknown, z);
    switch (ev.k) {
      case 'zab.deliver':
        this.deliver(ev);
        return;
      case 'client.call':
        if (ev.watch) this.asked.set(`${ev.n}:${ev.xid}`, ev.watch);
        else this.asked.delete(`${ev.n}:${ev.xid}`);
        return;
      case 'client.return':
        this.returned(ev, world);
        return;
      case 'client.event':
        this.event(ev, world);
        return;
      case 'client.expired':
        this.sessions.delete(ev.session);
        return;
      default:
        return;
    }
  }

  // ---- the committed history -----------------------------------------------------------

  private deliver(ev: EventOf<'zab.deliver'>): void {
    const zxid = ev.zxid;
    if (this.known.has(zxid)) return;
    this.known.add(zxid);
    const u = this.unknown.indexOf(zxid);
    if (u >= 0) this.unknown.splice(u, 1);
    if (ev.type === OpCode.multi) {
      for (const op of ev.ops ?? []) this.apply(zxid, op);
    } else if (ev.type === OpCode.closeSession) {
      for (const p of ev.paths ?? []) this.apply(zxid, { type: OpCode.delete, path: p });
      // Its watches stay for the events of this very txn: the server that runs the closeSession
      // deletes the session's ephemerals (DataTree.killSession) and sends the watch events this
      // triggers — to the closing session too — before it closes the connection
      // (FinalRequestProcessor). No change after it may fire one (closedAt).
      if (ev.session !== undefined && !this.closedAt.has(ev.session)) this.closedAt.set(ev.session, zxid);
    } else {
      const op: DeliveredOp = { type: ev.type };
      if (ev.path !== undefined) op.path = ev.path;
      this.apply(zxid, op);
    }
  }

  private apply(zxid: number, op: DeliveredOp): void {
    const path = op.path;
    if (path === undefined) return;
    if (op.type === OpCode.setACL) this.aclChanged.add(path);
    let kind: Kind;
    switch (op.type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
        kind = 'create';
        break;
      case OpCode.delete:
      case OpCode.deleteContainer:
        kind = 'delete';
        break;
      case OpCode.setData:
        kind = 'set';
        break;
      default:
        return;
    }
    let h = this.history.get(path);
    if (!h) this.history.set(path, (h = []));
    // in zxid order (a delivery may tell an older txn late); a multi's sub-txns keep their order
    let at = h.length;
    while (at > 0 && h[at - 1]!.zxid > zxid) at--;
    h.splice(at, 0, { zxid, kind, version: 0 });
    for (let i = at; i < h.length; i++) {
      const prev = h[i - 1];
      const x = h[i]!;
      x.version = x.kind === 'set' ? (prev === undefined || prev.kind === 'delete' ? 0 : prev.version) + 1 : 0;
    }
    if (kind !== 'set') {
      const parent = parentOf(path);
      if (parent !== undefined) {
        let c = this.childChanges.get(parent);
        if (!c) this.childChanges.set(parent, (c = []));
        let j = c.length;
        while (j > 0 && c[j - 1]! > zxid) j--;
        c.splice(j, 0, zxid);
      }
    }
  }

  /** Some committed txn above zxid has a content no delivery told yet. */
  private unknownAfter(zxid: number): boolean {
    return this.unknown.length > 0 && this.unknown[this.unknown.length - 1]! > zxid;
  }

  /** The first change of the path after zxid that justifies an event of this type, if any. */
  private justifying(path: string, type: number, after: number): number | undefined {
    if (type === EventType.NodeChildrenChanged) {
      const c = this.childChanges.get(path)?.find((z) => z > after);
      const re = this.history.get(path)?.find((x) => x.zxid > after && x.kind === 'create')?.zxid;
      if (c === undefined) return re;
      return re === undefined ? c : Math.min(c, re);
    }
    const want = wanted(type);
    return this.history.get(path)?.find((x) => x.zxid > after && (want === undefined || x.kind === want))?.zxid;
  }

  /**
   * For a persistent or recursive watch: the first change past `pos` that justifies an event of
   * this type (its own changes, NodeDataChanged a setData only; or its children's for
   * NodeChildrenChanged), as the position just after it; undefined if none. (3.8 re-adds these
   * watches on a reconnect without firing what was missed: an event may skip changes.)
   */
  private next(path: string, type: number, pos: Pos): Pos | undefined {
    const child = type === EventType.NodeChildrenChanged;
    const want = wanted(type) ?? 'set';
    const all: { zxid: number; ok: boolean }[] = child
      ? (this.childChanges.get(path) ?? []).map((zxid) => ({ zxid, ok: true }))
      : (this.history.get(path) ?? []).map((x) => ({ zxid: x.zxid, ok: x.kind === want }));
    let k = 0;
    let prev = Number.NaN;
    for (const { zxid, ok } of all) {
      k = zxid === prev ? k + 1 : 0;
      prev = zxid;
      if (ok && (zxid > pos.z || (zxid === pos.z && k >= pos.k))) return { z: zxid, k: k + 1 };
    }
    return undefined;
  }

  // ---- the client ----------------------------------------------------------------------

  private watchesOf(session: bigint, path: string): Watches {
    let m = this.sessions.get(session);
    if (!m) this.sessions.set(session, (m = new Map()));
    let w = m.get(path);
    if (!w) m.set(path, (w = {}));
    return w;
  }

  private returned(ev: EventOf<'client.return'>, world: World): void {
    const key = `${ev.n}:${ev.xid}`;
    const asked = this.asked.get(key);
    this.asked.delete(key);
    const path = ev.path;
    const zxid = ev.zxid;
    // 3. a read that sees new data a waiting standard watch of the session stands for: a node
    // that an exist watch saw absent, a data version (or absence) other than the one a data
    // watch saw.
    if (READS.has(ev.op) && ev.op !== OpCode.getChildren && ev.op !== OpCode.getChildren2) {
      const w = this.sessions.get(ev.session)?.get(path);
      const seen = ev.rc === 0 ? `version ${ev.version ?? '?'}` : ev.rc === -101 ? 'no node' : undefined;
      let waited: string | undefined;
      if (seen !== undefined && w?.exist !== undefined && ev.rc === 0)
        waited = `exist watch (set at ${zxidHex(w.exist)}, no node)`;
      else if (
        seen !== undefined &&
        w?.data !== undefined &&
        (ev.rc === -101 || (ev.version !== undefined && w.dataVersion !== undefined && ev.version !== w.dataVersion))
      )
        waited = `data watch (set at ${zxidHex(w.data)}, version ${w.dataVersion ?? '?'})`;
      // The event may have been withheld (no READ for this session): the watch fired unseen on
      // that server, yet the client still holds it and sets it again on a reconnect
      // (setWatches), so it stays: it may still fire.
      if (waited !== undefined && !this.aclChanged.has(path))
        world.violate(
          this.name,
          `${ev.n} session ${hexSession(ev.session)} read ${path} (${seen}, at ${zxidHex(zxid)}) while its ${waited} had not fired: new data before the event`,
          ev.i,
        );
    }
    if (asked === undefined) return;
    const ok = ev.rc === 0;
    const kind: WatchKind | undefined =
      asked === 'exist' ? (ok ? 'data' : ev.rc === -101 ? 'exist' : undefined) : ok ? asked : undefined;
    if (kind === undefined) return;
    const at = zxid > 0 ? zxid : this.lenientStart(path, kind, ev.version);
    const w = this.watchesOf(ev.session, path);
    if (kind === 'persistent') w.persistent = { from: at };
    else if (kind === 'recursive') w.recursive = { from: at, at: new Map() };
    else w[kind] = at;
    if (kind === 'data') w.dataVersion = ev.version;
  }

  /** Without a reply zxid: the earliest state of the path with this version (or the start). */
  private lenientStart(path: string, kind: WatchKind, version: number | undefined): number {
    if (kind !== 'data' || version === undefined) return 0;
    return this.history.get(path)?.find((x) => x.version === version && x.kind !== 'delete')?.zxid ?? 0;
  }

  private event(ev: EventOf<'client.event'>, world: World): void {
    const type = ev.type;
    const path = ev.path;
    if (path === null) return;
    const m = this.sessions.get(ev.session);
    if (type === EventType.DataWatchRemoved || type === EventType.ChildWatchRemoved) {
      const w = m?.get(path);
      if (!w) return;
      if (type === EventType.DataWatchRemoved) w.data = w.exist = undefined;
      else w.child = undefined;
      return;
    }
    if (type === EventType.PersistentWatchRemoved) {
      const w = m?.get(path);
      if (w) w.persistent = w.recursive = undefined;
      return;
    }
    if (
      type !== EventType.NodeCreated &&
      type !== EventType.NodeDeleted &&
      type !== EventType.NodeDataChanged &&
      type !== EventType.NodeChildrenChanged
    )
      return;
    const name = eventTypeName[type];
    const at = `${ev.n} session ${hexSession(ev.session)} got ${name} ${path}`;
    const w = m?.get(path);
    // the standard watches this event takes
    const taken: ['data' | 'exist' | 'child', number][] = [];
    if (w) {
      const kinds: ('data' | 'exist' | 'child')[] =
        type === EventType.NodeChildrenChanged
          ? ['child']
          : type === EventType.NodeDeleted
            ? ['data', 'exist', 'child']
            : ['data', 'exist'];
      for (const k of kinds) {
        const from = w[k];
        if (from !== undefined) taken.push([k, from]);
        w[k] = undefined;
      }
    }
    let found = taken.length > 0;
    const closed = this.closedAt.get(ev.session);
    const afterClose = (z: number | undefined) => {
      if (closed === undefined || z === undefined || z <= closed) return false;
      world.violate(
        this.name,
        `${at} for a change at ${zxidHex(z)}, after its session was closed at ${zxidHex(closed)}: a watch of a session that ended is gone`,
        ev.i,
      );
      return true;
    };
    // One event consumes every watch of its kinds on the path (ZKWatchManager.materialize: a
    // NodeDeleted takes the data, exist and child watches alike — "We are triggering an exists
    // watch for delete! Shouldn't happen!"), so it needs a justifying change for one of them, not
    // for each: an exists watch set on the absent node after the delete goes with the delete's
    // event for an older data watch (the 5-server clean sweep's seeds 1307, 1536, 1695, 1998, 2069).
    let unjustified: [string, number] | undefined;
    let justified = false;
    for (const [k, from] of taken) {
      const j = this.justifying(path, type, from);
      if (afterClose(j)) return;
      if (j !== undefined || this.unknownAfter(from)) justified = true;
      else unjustified ??= [k, from];
    }
    if (unjustified && !justified) {
      world.violate(
        this.name,
        `${at} for its ${unjustified[0]} watch set at ${zxidHex(unjustified[1])}, but no such change of ${path} was committed after it`,
        ev.i,
      );
      return;
    }
    // persistent on the path
    if (w?.persistent) {
      found = true;
      const pw = w.persistent;
      const child = type === EventType.NodeChildrenChanged;
      const pos = (child ? pw.child : pw.data) ?? { z: pw.from + 1, k: 0 };
      const n = this.next(path, type, pos);
      if (n === undefined && taken.length === 0 && !this.unknownAfter(pos.z - 1)) {
        world.violate(
          this.name,
          `${at} for its persistent watch (set at ${zxidHex(pw.from)}), but no such change of ${path} was committed that an earlier event did not stand for`,
          ev.i,
        );
        return;
      }
      if (afterClose(n?.z)) return;
      if (n !== undefined) {
        if (child) pw.child = n;
        else pw.data = n;
      }
    }
    // recursive on the path or above
    if (type !== EventType.NodeChildrenChanged && m) {
      for (let p: string | undefined = path; p !== undefined; p = parentOf(p)) {
        const r = m.get(p)?.recursive;
        if (!r) continue;
        found = true;
        const pos = r.at.get(path) ?? { z: r.from + 1, k: 0 };
        const n = this.next(path, type, pos);
        if (n === undefined && taken.length === 0 && !w?.persistent && !this.unknownAfter(pos.z - 1)) {
          world.violate(
            this.name,
            `${at} for its recursive watch on ${p} (set at ${zxidHex(r.from)}), but no such change of ${path} was committed that an earlier event did not stand for`,
            ev.i,
          );
          return;
        }
        if (afterClose(n?.z)) return;
        if (n !== undefined) r.at.set(path, n);
      }
    }
    // An event no watcher of the client takes (watchers 0) reaches no application: the server
    // kept a watch the client library had already let go — a NodeDeleted takes the exist watch
    // of the path too (ZKWatchManager.materialize), while the server still holds that exist
    // watch (setWatches registered it on the absent node) and sends its NodeCreated later (the
    // 5-server clean sweep's seeds 1695, 1998). 3.8 does the same; nothing is delivered.
    if (!found && ev.watchers !== 0)
      world.violate(this.name, `${at}, but it holds no watch that event is for (never set, or it fired already)`, ev.i);
  }
}
