// The ZooKeeper handle and its ClientCnxn, sans-IO: one session over one connection at a
// time to a server of the connect string. States CONNECTING → CONNECTED (→ CONNECTING on a
// lost connection, reconnecting to the next server within the session timeout) → CLOSED
// (closed, or told the session expired) / AUTH_FAILED. Requests are answered in order;
// pending ones fail with ConnectionLoss when the connection goes; watches are set again on
// the new server (SetWatches); pings keep the session alive; the client never connects to a
// server behind the zxid it has already seen (the server refuses, the client moves on).
import type { ConnId, Context, Message } from '../actor.ts';
import type { ProtocolTraceEvents } from '../trace.ts';
import {
  type ACL,
  EventType,
  KeeperState,
  type Stat,
  type WatchedEvent,
  isSequential,
  type CreateMode,
} from '../data.ts';
import { validatePath } from '../datatree/PathUtils.ts';
import { Code } from '../errors.ts';
import type {
  ConnectResponse,
  MultiOp,
  ReadOp,
  ReplyPacket,
  RequestBody,
  ServerMessage,
  WatcherEventPacket,
} from '../proto.ts';
import { Xid } from '../proto.ts';
import { OpCode } from '../server/txn.ts';
import type { ClientState } from './api.ts';
import { parseConnectString } from './ConnectStringParser.ts';
import { StaticHostProvider } from './HostProvider.ts';
import { callFields, returnFields } from './call-trace.ts';
import { type ClientWatcher, ZKWatchManager } from './ZKWatchManager.ts';

export type Callback = (rc: number, body?: unknown) => void;

type WatchKind = 'data' | 'exist' | 'child' | 'persistent' | 'recursive';

interface Packet {
  xid: number;
  body: RequestBody;
  cb: Callback | undefined;
  watch?: { kind: WatchKind; path: string; watcher: ClientWatcher };
}

export interface ZooKeeperOptions {
  /** Resume an existing session. */
  sessionId?: bigint;
  passwd?: string;
  /** Distinguishes several handles in one process (timer tags). */
  name?: string;
}

/** The client's timers: the delay before a connect, the read timeout, the next ping. */
type TimerName = 'connect' | 'recv' | 'ping';

export class ZooKeeper {
  state: ClientState = 'CONNECTING';
  sessionId = 0n;
  passwd = '00'.repeat(16);
  negotiatedSessionTimeout = 0;
  lastZxid = 0;
  readonly chroot: string | null;
  readonly hostProvider: StaticHostProvider;
  readonly watchManager: ZKWatchManager;
  private readonly authInfo: { scheme: string; auth: string }[] = [];
  private conn: ConnId | undefined;
  private connected = false;
  /** The connect request went out on the current connection: requests may follow it. */
  private primed = false;
  private xid = 1;
  private pending: Packet[] = [];
  private outgoing: Packet[] = [];
  private readonly timers = new Map<TimerName, number>();
  private firstConnect = true;
  private closing = false;
  private readonly tag: string;
  private readTimeout: number;
  private connectTimeout: number;

  constructor(
    private readonly ctx: Context,
    readonly connectString: string,
    readonly sessionTimeout: number,
    defaultWatcher: ClientWatcher,
    opts: ZooKeeperOptions = {},
  ) {
    const cs = parseConnectString(connectString);
    this.chroot = cs.chroot;
    this.hostProvider = new StaticHostProvider(cs.servers, () => ctx.random());
    this.watchManager = new ZKWatchManager(defaultWatcher);
    this.tag = `zk${opts.name ?? ''}`;
    if (opts.sessionId !== undefined) {
      this.sessionId = opts.sessionId;
      this.passwd = opts.passwd ?? this.passwd;
    }
    this.readTimeout = (sessionTimeout * 2) / 3;
    this.connectTimeout = sessionTimeout / this.hostProvider.size();
    this.startConnect();
  }

  // ---- connection management -----------------------------------------------------------

  owns(conn: ConnId): boolean {
    return conn === this.conn;
  }

  private startConnect(): void {
    if (!this.isAlive()) return;
    const { addr, delayMs } = this.hostProvider.next(1000);
    // SendThread.startConnect: once a connection was ever made (primeConnection cleared
    // isFirstConnect), sleep r.nextInt(1000) ms before each new attempt.
    const backoff = this.firstConnect ? 0 : Math.floor(this.ctx.random() * 1000);
    const delay = delayMs + backoff;
    this.state = 'CONNECTING';
    if (delay > 0) this.arm('connect', delay, addr);
    else this.connectTo(addr);
  }

  private connectTo(addr: string): void {
    this.ctx.trace('client.connecting', { server: addr, session: this.sessionId });
    this.conn = this.ctx.net.connect(addr, this.connectTimeout);
    this.arm('recv', this.connectTimeout);
  }

  onConnect(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.primed = true;
    this.firstConnect = false; // primeConnection: isFirstConnect = false
    // primeConnection: the connect request, then watches to set again, then auth, then the queue.
    this.ctx.net.send(conn, {
      type: 'connect',
      protocolVersion: 0,
      lastZxidSeen: this.lastZxid,
      timeOut: this.sessionTimeout,
      sessionId: this.sessionId,
      passwd: this.passwd,
      readOnly: false,
    } as Message);
    if (this.sessionId !== 0n && this.watchManager.hasWatches()) {
      const p = this.watchManager.paths();
      const strip = (l: string[]) => l.map((x) => this.prependChroot(x));
      this.sendRaw(Xid.SET_WATCHES, {
        op: OpCode.setWatches2,
        relativeZxid: this.lastZxid,
        dataWatches: strip(p.dataWatches),
        existWatches: strip(p.existWatches),
        childWatches: strip(p.childWatches),
        persistentWatches: strip(p.persistentWatches),
        persistentRecursiveWatches: strip(p.persistentRecursiveWatches),
      });
    }
    for (const a of this.authInfo) this.sendRaw(Xid.AUTH, { op: OpCode.auth, scheme: a.scheme, auth: a.auth });
    const queued = this.outgoing;
    this.outgoing = [];
    for (const p of queued) this.transmit(p);
  }

  onConnectFailed(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.ctx.trace('client.connect-failed', { session: this.sessionId });
    this.cleanupAndReconnect();
  }

  onClose(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.ctx.trace('client.disconnected', { session: this.sessionId });
    this.cleanupAndReconnect();
  }

  private cleanupAndReconnect(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.primed = false;
    this.cancel('recv');
    this.cancel('ping');
    if (this.conn !== undefined) {
      this.ctx.net.close(this.conn);
      this.conn = undefined;
    }
    const failed = [...this.pending, ...this.outgoing];
    this.pending = [];
    this.outgoing = [];
    for (const p of failed) this.finish(p, this.conLossCode());
    if (!this.isAlive()) return;
    if (this.closing) {
      this.closed(KeeperState.Closed);
      return;
    }
    if (wasConnected) this.queueEvent({ type: EventType.None, state: KeeperState.Disconnected, path: null, zxid: -1 });
    this.startConnect();
  }

  private onConnected(r: ConnectResponse): void {
    if (r.timeOut <= 0) {
      // The server does not know the session (any more): it expired.
      this.ctx.trace('client.expired', { session: this.sessionId });
      this.state = 'CLOSED';
      this.closed(KeeperState.Expired);
      return;
    }
    this.negotiatedSessionTimeout = r.timeOut;
    this.readTimeout = (r.timeOut * 2) / 3;
    this.connectTimeout = r.timeOut / this.hostProvider.size();
    this.hostProvider.onConnected();
    this.sessionId = r.sessionId;
    this.passwd = r.passwd;
    this.connected = true;
    this.state = 'CONNECTED';
    this.ctx.trace('client.connected', {
      session: r.sessionId,
      timeout: r.timeOut,
      server: this.hostProvider.current(),
    });
    // SendThread.run measures the read timeout from now on (the connect timeout covered the
    // connect response, whose arrival onMessage just counted as heard).
    this.arm('recv', this.readTimeout);
    this.arm('ping', this.pingAfterMs());
    this.queueEvent({ type: EventType.None, state: KeeperState.SyncConnected, path: null, zxid: -1 });
  }

  private closed(state: KeeperState): void {
    this.state = state === KeeperState.Expired ? 'CLOSED' : this.state === 'AUTH_FAILED' ? 'AUTH_FAILED' : 'CLOSED';
    for (const k of [...this.timers.keys()]) this.cancel(k);
    if (this.conn !== undefined) this.ctx.net.close(this.conn);
    this.conn = undefined;
    this.connected = false;
    this.primed = false;
    const failed = [...this.pending, ...this.outgoing];
    this.pending = [];
    this.outgoing = [];
    for (const p of failed) this.finish(p, state === KeeperState.Expired ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS);
    this.queueEvent({ type: EventType.None, state, path: null, zxid: -1 });
  }

  isAlive(): boolean {
    return this.state !== 'CLOSED' && this.state !== 'AUTH_FAILED';
  }

  private conLossCode(): number {
    if (this.state === 'AUTH_FAILED') return Code.AUTHFAILED;
    if (this.state === 'CLOSED') return Code.SESSIONEXPIRED;
    return Code.CONNECTIONLOSS;
  }

  // ---- timers ---------------------------------------------------------------------------

  private armArgs = new Map<TimerName, string>();

  /**
   * One timer per name (re-arming replaces it); traced as `<handle>.<name>`. They run by the
   * client host's monotonic clock, as ClientCnxn's are: SendThread measures idle time with
   * Time.currentElapsedTime() (clientCnxnSocket.updateNow) and its socket waits are elapsed time.
   */
  private arm(name: TimerName, ms: number, arg?: string): void {
    this.cancel(name);
    this.timers.set(
      name,
      this.ctx.setTimer(Math.max(0, ms), `${this.tag}.${name}`, () => this.fire(name)),
    );
    if (arg !== undefined) this.armArgs.set(name, arg);
  }

  /**
   * How long after the last send SendThread.run sends a ping: readTimeout / 2 of idle send
   * (timeToNextPing; MAX_SEND_PING_INTERVAL, 10 s, only matters when the loop wakes for
   * something else). 3.8's code also subtracts 1000 ms once idleSend > 1000 ms, but the real
   * 3.8.0 transcript test/golden/zkcli (4lw: no ping yet where that would have sent one) does
   * not show the earlier ping, so the cadence stays at readTimeout / 2 until that is settled.
   */
  private pingAfterMs(): number {
    return this.readTimeout / 2;
  }

  private cancel(name: TimerName): void {
    const t = this.timers.get(name);
    if (t !== undefined) this.ctx.cancelTimer(t);
    this.timers.delete(name);
  }

  private fire(name: TimerName): void {
    this.timers.delete(name);
    switch (name) {
      case 'connect':
        this.connectTo(this.armArgs.get('connect')!);
        return;
      case 'recv': {
        // ClientCnxn.SendThread.run: nothing heard within the read (or connect) timeout.
        const heard = this.connected ? this.readTimeout : this.connectTimeout;
        this.ctx.trace('client.timeout', { session: this.sessionId, ms: Math.round(heard) });
        this.cleanupAndReconnect();
        return;
      }
      case 'ping':
        if (this.connected) {
          this.sendRaw(Xid.PING, { op: OpCode.ping });
          this.arm('ping', this.pingAfterMs());
        }
        return;
    }
  }

  // ---- receiving ------------------------------------------------------------------------

  onMessage(conn: ConnId, msg: Message): void {
    if (conn !== this.conn) return;
    this.arm('recv', this.connected ? this.readTimeout : this.connectTimeout);
    const m = msg as ServerMessage;
    switch (m.type) {
      case 'connected':
        this.onConnected(m);
        return;
      case 'watch':
        this.onNotification(m);
        return;
      case 'reply':
        this.onReply(m);
        return;
      default:
        return;
    }
  }

  private onNotification(m: WatcherEventPacket): void {
    let path: string | null = m.path;
    if (this.chroot !== null && path !== null) {
      path = path === this.chroot ? '/' : path.startsWith(`${this.chroot}/`) ? path.slice(this.chroot.length) : path;
    }
    this.queueEvent({
      type: m.eventType as WatchedEvent['type'],
      state: m.state as WatchedEvent['state'],
      path,
      zxid: m.zxid,
    });
  }

  private onReply(r: ReplyPacket): void {
    if (r.xid === Xid.PING || r.xid === Xid.SET_WATCHES) return;
    if (r.xid === Xid.AUTH) {
      if (r.err === Code.AUTHFAILED) {
        this.state = 'AUTH_FAILED';
        this.closed(KeeperState.AuthFailed);
      }
      return;
    }
    if (r.xid === Xid.NOTIFICATION) return;
    const p = this.pending.shift();
    if (!p || p.xid !== r.xid) {
      this.ctx.trace('client.xid-out-of-order', { expected: p?.xid ?? null, got: r.xid });
      this.cleanupAndReconnect();
      return;
    }
    if (r.zxid > 0) this.lastZxid = r.zxid;
    if (p.watch) this.registerWatch(p.watch, r.err);
    this.finish(p, r.err, r.body, r.zxid);
  }

  private registerWatch(w: NonNullable<Packet['watch']>, err: number): void {
    const wm = this.watchManager;
    switch (w.kind) {
      case 'exist':
        if (err === Code.OK) wm.addData(w.path, w.watcher);
        else if (err === Code.NONODE) wm.addExist(w.path, w.watcher);
        return;
      case 'data':
        if (err === Code.OK) wm.addData(w.path, w.watcher);
        return;
      case 'child':
        if (err === Code.OK) wm.addChild(w.path, w.watcher);
        return;
      case 'persistent':
      case 'recursive':
        if (err === Code.OK) wm.addPersistent(w.path, w.watcher, w.kind === 'recursive');
        return;
    }
  }

  private finish(p: Packet, rc: number, body?: unknown, zxid = -1): void {
    const b = p.body as { op: number; path?: string };
    this.ctx.trace('client.return', {
      session: this.sessionId,
      xid: p.xid,
      op: b.op,
      path: b.path ?? '',
      rc,
      zxid,
      ...returnFields(body),
    });
    p.cb?.(rc, body);
  }

  private queueEvent(e: WatchedEvent): void {
    this.deliver(e, this.watchManager.materialize(e.state, e.type, e.path));
  }

  private deliver(e: WatchedEvent, watchers: Set<ClientWatcher>): void {
    this.ctx.trace('client.event', {
      session: this.sessionId,
      type: e.type,
      state: e.state,
      path: e.path,
      watchers: watchers.size,
    });
    for (const w of watchers) w(e);
  }

  // ---- sending --------------------------------------------------------------------------

  private sendRaw(xid: number, body: RequestBody): void {
    if (this.conn === undefined) return;
    this.ctx.net.send(this.conn, { type: 'request', xid, body } as Message);
    if (this.connected) this.arm('ping', this.pingAfterMs());
  }

  private transmit(p: Packet): void {
    this.pending.push(p);
    this.ctx.net.send(this.conn!, { type: 'request', xid: p.xid, body: p.body } as Message);
    if (this.connected) this.arm('ping', this.pingAfterMs());
  }

  private submit(body: RequestBody, cb: Callback, watch?: Packet['watch']): void {
    const p: Packet = { xid: this.xid++, body, cb };
    const b = body as { op: number; path?: string };
    const ev: ProtocolTraceEvents['client.call'] = {
      session: this.sessionId,
      xid: p.xid,
      op: b.op,
      path: b.path ?? '',
      ...callFields(body),
    };
    if (watch) ev.watch = watch.kind;
    this.ctx.trace('client.call', ev);
    if (watch) p.watch = watch;
    if (!this.isAlive() || (this.closing && body.op !== OpCode.closeSession)) {
      this.finish(p, this.conLossCode());
      return;
    }
    if (this.conn !== undefined && this.primed) this.transmit(p);
    else this.outgoing.push(p);
  }

  private prependChroot(path: string): string {
    if (this.chroot === null) return path;
    return path === '/' ? this.chroot : this.chroot + path;
  }

  private stripChroot(path: string): string {
    if (this.chroot === null) return path;
    if (path === this.chroot) return '/';
    return path.startsWith(`${this.chroot}/`) ? path.slice(this.chroot.length) : path;
  }

  private watcherOf(watch: boolean | ClientWatcher): ClientWatcher | undefined {
    if (watch === false) return undefined;
    return watch === true ? this.watchManager.defaultWatcher : watch;
  }

  // ---- the API (callbacks; validation errors throw, as the Java client does) -----------

  /**
   * create, as 3.8.0 picks the request: a TTL mode `createTTL`, a container `createContainer`
   * (both answered with path and stat), otherwise `create2` when the caller wants the stat
   * (withStat; ZooKeeper.create(..., Stat)) and plain `create`, answered with the path only,
   * when not.
   */
  create(
    path: string,
    data: string | null,
    acl: ACL[],
    mode: CreateMode,
    cb: (rc: number, path?: string, stat?: Stat) => void,
    ttl = -1,
    withStat = ttl > 0,
  ): void {
    validatePath(path, isSequential(mode));
    const server = this.prependChroot(path);
    const op =
      mode === 5 || mode === 6
        ? OpCode.createTTL
        : mode === 4
          ? OpCode.createContainer
          : withStat
            ? OpCode.create2
            : OpCode.create;
    const body = (
      op === OpCode.createTTL
        ? { op, path: server, data, acl, flags: mode, ttl }
        : { op, path: server, data, acl, flags: mode }
    ) as RequestBody;
    this.submit(body, (rc, b) => {
      const r = b as { path: string; stat?: Stat } | undefined;
      cb(rc, r ? this.stripChroot(r.path) : undefined, r?.stat);
    });
  }

  delete(path: string, version: number, cb: (rc: number) => void): void {
    validatePath(path);
    this.submit({ op: OpCode.delete, path: this.prependChroot(path), version }, (rc) => cb(rc));
  }

  exists(path: string, watch: boolean | ClientWatcher, cb: (rc: number, stat?: Stat) => void): void {
    validatePath(path);
    const w = this.watcherOf(watch);
    const s = this.prependChroot(path);
    this.submit(
      { op: OpCode.exists, path: s, watch: w !== undefined },
      (rc, b) => cb(rc, (b as { stat: Stat } | undefined)?.stat),
      w ? { kind: 'exist', path, watcher: w } : undefined,
    );
  }

  getData(
    path: string,
    watch: boolean | ClientWatcher,
    cb: (rc: number, data?: string | null, stat?: Stat) => void,
  ): void {
    validatePath(path);
    const w = this.watcherOf(watch);
    this.submit(
      { op: OpCode.getData, path: this.prependChroot(path), watch: w !== undefined },
      (rc, b) => {
        const r = b as { data: string | null; stat: Stat } | undefined;
        cb(rc, r?.data, r?.stat);
      },
      w ? { kind: 'data', path, watcher: w } : undefined,
    );
  }

  setData(path: string, data: string | null, version: number, cb: (rc: number, stat?: Stat) => void): void {
    validatePath(path);
    this.submit({ op: OpCode.setData, path: this.prependChroot(path), data, version }, (rc, b) =>
      cb(rc, (b as { stat: Stat } | undefined)?.stat),
    );
  }

  getACL(path: string, cb: (rc: number, acl?: ACL[], stat?: Stat) => void): void {
    validatePath(path);
    this.submit({ op: OpCode.getACL, path: this.prependChroot(path) }, (rc, b) => {
      const r = b as { acl: ACL[]; stat: Stat } | undefined;
      cb(rc, r?.acl, r?.stat);
    });
  }

  setACL(path: string, acl: ACL[], version: number, cb: (rc: number, stat?: Stat) => void): void {
    validatePath(path);
    this.submit({ op: OpCode.setACL, path: this.prependChroot(path), acl, version }, (rc, b) =>
      cb(rc, (b as { stat: Stat } | undefined)?.stat),
    );
  }

  getChildren(
    path: string,
    watch: boolean | ClientWatcher,
    cb: (rc: number, children?: string[], stat?: Stat) => void,
  ): void {
    validatePath(path);
    const w = this.watcherOf(watch);
    this.submit(
      { op: OpCode.getChildren2, path: this.prependChroot(path), watch: w !== undefined },
      (rc, b) => {
        const r = b as { children: string[]; stat: Stat } | undefined;
        cb(rc, r?.children, r?.stat);
      },
      w ? { kind: 'child', path, watcher: w } : undefined,
    );
  }

  getAllChildrenNumber(path: string, cb: (rc: number, n?: number) => void): void {
    validatePath(path);
    this.submit({ op: OpCode.getAllChildrenNumber, path: this.prependChroot(path) }, (rc, b) =>
      cb(rc, (b as { totalNumber: number } | undefined)?.totalNumber),
    );
  }

  getEphemerals(prefixPath: string, cb: (rc: number, paths?: string[]) => void): void {
    validatePath(prefixPath);
    this.submit({ op: OpCode.getEphemerals, prefixPath: this.prependChroot(prefixPath) }, (rc, b) =>
      cb(
        rc,
        (b as { ephemerals: string[] } | undefined)?.ephemerals.map((p) => this.stripChroot(p)),
      ),
    );
  }

  sync(path: string, cb: (rc: number, path?: string) => void): void {
    validatePath(path);
    this.submit({ op: OpCode.sync, path: this.prependChroot(path) }, (rc, b) =>
      cb(rc, (b as { path: string } | undefined)?.path),
    );
  }

  addWatch(path: string, watcher: ClientWatcher | null, mode: number, cb: (rc: number) => void): void {
    validatePath(path);
    const w = watcher ?? this.watchManager.defaultWatcher;
    this.submit({ op: OpCode.addWatch, path: this.prependChroot(path), mode }, (rc) => cb(rc), {
      kind: mode === 1 ? 'recursive' : 'persistent',
      path,
      watcher: w,
    });
  }

  /**
   * removeWatches / removeAllWatches (watcher null: every watcher of the type on the path). As
   * in 3.8.0 the request always goes to the server (also with `local`); its answer is handed to
   * the watch manager (WatchDeregistration.unregister), which removes the watches — locally
   * even when the server failed, if `local` — and tells each removed watcher
   * Data/Child/PersistentWatchRemoved. NoWatcher when the client had no such watch.
   */
  removeWatches(
    path: string,
    watcher: ClientWatcher | null,
    type: number,
    local: boolean,
    cb: (rc: number) => void,
  ): void {
    validatePath(path);
    this.submit({ op: OpCode.removeWatches, path: this.prependChroot(path), type }, (rc) => {
      let err = rc;
      try {
        const removed = this.watchManager.removeWatcher(path, watcher, type, local, rc);
        for (const [eventType, watchers] of removed) {
          if (watchers.size === 0) continue;
          // ClientCnxn.queueEvent(clientPath, err, watchers, type)
          const state =
            rc === Code.SESSIONEXPIRED || rc === Code.CONNECTIONLOSS
              ? KeeperState.Disconnected
              : KeeperState.SyncConnected;
          this.deliver({ type: eventType as WatchedEvent['type'], state, path, zxid: -1 }, watchers);
          err = Code.OK;
        }
      } catch (e) {
        if (typeof e !== 'number') throw e;
        err = e;
      }
      cb(err);
    });
  }

  multi(ops: MultiOp[], cb: (rc: number, results?: unknown[]) => void): void {
    for (const op of ops) validatePath(op.path, 'flags' in op ? isSequential(op.flags as CreateMode) : false);
    const server = ops.map((op) => ({ ...op, path: this.prependChroot(op.path) })) as MultiOp[];
    this.submit({ op: OpCode.multi, ops: server }, (rc, b) => {
      const results = (b as { results: { op: number; path?: string }[] } | undefined)?.results.map((r) =>
        r.path !== undefined ? { ...r, path: this.stripChroot(r.path) } : r,
      );
      cb(rc, results);
    });
  }

  /** multiRead (ZooKeeper.multi of Op.getData / Op.getChildren only: OpCode.multiRead); results in order, a failed read its ErrorResult. */
  multiRead(ops: ReadOp[], cb: (rc: number, results?: unknown[]) => void): void {
    for (const op of ops) validatePath(op.path);
    const server = ops.map((op) => ({ ...op, path: this.prependChroot(op.path) }));
    this.submit({ op: OpCode.multiRead, ops: server }, (rc, b) =>
      cb(rc, (b as { results: unknown[] } | undefined)?.results),
    );
  }

  addAuthInfo(scheme: string, auth: string): void {
    this.authInfo.push({ scheme, auth });
    if (this.connected) this.sendRaw(Xid.AUTH, { op: OpCode.auth, scheme, auth });
  }

  whoAmI(cb: (rc: number, info?: { authScheme: string; user: string }[]) => void): void {
    this.submit({ op: OpCode.whoAmI }, (rc, b) =>
      cb(rc, (b as { clientInfo: { authScheme: string; user: string }[] } | undefined)?.clientInfo),
    );
  }

  getConfig(watch: boolean | ClientWatcher, cb: (rc: number, data?: string | null, stat?: Stat) => void): void {
    const w = this.watcherOf(watch);
    this.submit(
      { op: OpCode.getData, path: '/zookeeper/config', watch: w !== undefined },
      (rc, b) => {
        const r = b as { data: string | null; stat: Stat } | undefined;
        cb(rc, r?.data, r?.stat);
      },
      w ? { kind: 'data', path: '/zookeeper/config', watcher: w } : undefined,
    );
  }

  /** Close the session: closeSession, then the connection; the default watcher hears Closed. */
  close(cb?: () => void): void {
    if (!this.isAlive()) {
      cb?.();
      return;
    }
    if (!this.connected) {
      this.closing = true;
      this.closed(KeeperState.Closed);
      cb?.();
      return;
    }
    this.submit({ op: OpCode.closeSession }, () => {
      this.closing = true;
      this.closed(KeeperState.Closed);
      cb?.();
    });
    this.closing = true;
  }

  /**
   * ClientCnxnSocket.testableCloseSocket (ZooKeeperTestable): drop the connection as a lost one;
   * the client reconnects to the next server of its list with its session (and its lastZxid).
   */
  testableCloseSocket(): void {
    if (this.conn === undefined) return;
    this.ctx.trace('client.disconnected', { session: this.sessionId });
    this.cleanupAndReconnect();
  }

  /** updateServerList: maybe move to another server to rebalance. */
  updateServerList(connectString: string): void {
    const cs = parseConnectString(connectString);
    const move = this.hostProvider.updateServerList(cs.servers, this.hostProvider.current());
    if (move && this.conn !== undefined) {
      this.ctx.trace('client.rebalance', { session: this.sessionId });
      this.cleanupAndReconnect();
    }
  }
}
