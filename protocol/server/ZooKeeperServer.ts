// ZooKeeperServer: the request pipeline of one server — PrepRequestProcessor →
// SyncRequestProcessor (log + group fsync) → FinalRequestProcessor — with its database,
// session tracker and client connections. Standalone it is the whole server
// (ZooKeeperServerMain); in an ensemble the same pieces sit behind Zab. Its Context is the
// server's own scope: the session tracker, the container manager, the connection expirer,
// the snapshot and the SyncRequestProcessor each get a child of it, and shutdown() closes
// them (the last once the log is flushed), then the server's scope.
import type { ConnId, Context } from '../actor.ts';
import type { ACL, Id } from '../data.ts';
import { checkACL, fixupACL } from '../datatree/ACL.ts';
import type { DataTree, ProcessTxnResult } from '../datatree/DataTree.ts';
import { validatePath } from '../datatree/PathUtils.ts';
import { Code, KeeperException } from '../errors.ts';
import type { ConnectRequest, RequestPacket } from '../proto.ts';
import { ZKDatabase } from '../storage/ZKDatabase.ts';
import { deliverTxn } from '../zab/deliver.ts';
import type { FuzzySnapshot } from '../storage/FuzzySnapshot.ts';
import type { JavaHashSet } from '../datatree/JavaHashSet.ts';
import { FinalRequestProcessor, type FinalServer } from './FinalRequestProcessor.ts';
import { sessionPassword } from './JavaRandom.ts';
import { type PrepServer, PrepRequestProcessor } from './PrepRequestProcessor.ts';
import { CNXN_ME, type Request } from './Request.ts';
import { type Bugs, NO_BUGS } from '../bugs.ts';
import { type CnxnServer, SESSIONLESS_CNXN_TIMEOUT, ServerCnxn } from './ServerCnxn.ts';
import { ExpiryQueue } from './ExpiryQueue.ts';
import { ServerMetrics } from './Metrics.ts';
import { type Session, type SessionExpirer, SessionTracker } from './SessionTracker.ts';
import { type SyncTarget, SyncRequestProcessor } from './SyncRequestProcessor.ts';
import { OpCode } from './txn.ts';
import { fourLetterWord } from './FourLetterWords.ts';
import { ContainerManager } from './ContainerManager.ts';
import { checkQuota } from '../datatree/Quotas.ts';

export interface ServerConfig {
  /** myid (0 standalone): the top byte of session ids. */
  serverId: number;
  tickTime: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  dataDir: string;
  dataLogDir: string;
  clientAddr: string;
  snapCount: number;
  /** SyncRequestProcessor.snapSizeInBytes: a snapshot once the log file grows past half of it (plus a random part). */
  snapSizeInBytes: number;
  extendedTypesEnabled: boolean;
  enforceQuota: boolean;
  /**
   * `clientTcpKeepAlive` (zookeeper.clientTcpKeepAlive, 3.6.1+, off by default): SO_KEEPALIVE on
   * the server's end of client connections (NIOServerCnxn's constructor). The client library
   * itself never sets it (ClientCnxnSocketNIO: only TCP_NODELAY and SO_LINGER off); it finds a
   * dead server by its read timeout, 2/3 of the session timeout.
   */
  clientTcpKeepAlive?: boolean;
  /** Every zoo.cfg setting, for the conf/envi four-letter words. */
  settings: Record<string, string>;
}

/** A fuzzy snapshot serialises a chunk of nodes per step, one step per millisecond. */
const SNAPSHOT_STEP_MS = 1;

export type ServerMode = 'standalone' | 'leader' | 'follower' | 'observer';

export interface ServerStats {
  packetsReceived: number;
  packetsSent: number;
  minLatency: number;
  maxLatency: number;
  totalLatency: number;
  count: number;
}

export class ZooKeeperServer implements PrepServer, SyncTarget, FinalServer, CnxnServer, SessionExpirer {
  readonly zkDb: ZKDatabase;
  readonly sessionTracker: SessionTracker;
  readonly prep: PrepRequestProcessor;
  readonly sync: SyncRequestProcessor;
  readonly final: FinalRequestProcessor;
  readonly containers: ContainerManager;
  readonly cnxns = new Map<ConnId, ServerCnxn>();
  /** The last zxid handed out. */
  hzxid = 0;
  mode: ServerMode = 'standalone';
  readonly stats: ServerStats = {
    packetsReceived: 0,
    packetsSent: 0,
    minLatency: Infinity,
    maxLatency: 0,
    totalLatency: 0,
    count: 0,
  };
  /** NIOServerCnxnFactory's connection expiry (zookeeper.nio.sessionlessCnxnTimeout grid). */
  readonly cnxnExpiryQueue: ExpiryQueue<ServerCnxn>;
  /** The ConnectionExpirerThread's timer (armed while there are connections), in its own scope. */
  private readonly cnxnExpirer: Context;
  private cnxnExpiryTimer: number | undefined;
  /** The fuzzy snapshot's steps and its fsync (the "Snapshot Thread" of SyncRequestProcessor). */
  private readonly snapshots: Context;
  /** When the server started serving (monotonic ms, ServerStats.startTime): mntr's zk_uptime. */
  startedAt = 0;
  /** ServerMetrics (mntr). */
  readonly metrics = new ServerMetrics();
  /** ServerStats' clientResponseStats (BufferStats): sizes of responses sent, -1 before any. */
  readonly responseSizes = { last: -1, min: -1, max: -1 };

  /** Historical bugs switched back on (the quorum peer's; none standalone). */
  bugs: Bugs = NO_BUGS;

  private snapshotInProgress: FuzzySnapshot | undefined;
  running = false;
  /** shutdown() has flushed the log and closed the server's scope; what waits for that. */
  private stopped = false;
  private afterStop: (() => void) | undefined;

  constructor(
    readonly ctx: Context,
    readonly cfg: ServerConfig,
    zkDb?: ZKDatabase,
  ) {
    this.zkDb =
      zkDb ??
      new ZKDatabase(ctx.disk, cfg.dataDir, cfg.dataLogDir, {
        extendedTypesEnabled: cfg.extendedTypesEnabled,
        fsync: (file, done) => ctx.fsync(file, done),
      });
    // ZOOKEEPER-1366 (fixed in 3.5.1): before it, ExpiryQueue read System.currentTimeMillis().
    this.sessionTracker = new SessionTracker(ctx.scope('sessions'), this, cfg.tickTime, cfg.serverId, () =>
      this.bugs.has('ZK-1366') ? ctx.currentWallTime() : ctx.currentElapsedTime(),
    );
    this.prep = new PrepRequestProcessor(this);
    this.sync = new SyncRequestProcessor(ctx.scope('sync'), this, cfg.snapCount, cfg.snapSizeInBytes);
    this.final = new FinalRequestProcessor(this);
    // NIOServerCnxnFactory's cnxnExpiryQueue: an ExpiryQueue, on Time.currentElapsedTime().
    this.cnxnExpiryQueue = new ExpiryQueue(SESSIONLESS_CNXN_TIMEOUT, ctx.currentElapsedTime());
    this.cnxnExpirer = ctx.scope('cnxn-expirer');
    this.snapshots = ctx.scope('snapshot');
    this.containers = new ContainerManager(
      ctx.scope('containers'),
      () => this.tree,
      cfg.extendedTypesEnabled,
      (path) =>
        this.submitRequest({
          sessionId: 0n,
          cxid: 0,
          type: OpCode.deleteContainer,
          body: { op: OpCode.delete, path, version: -1 },
          cnxn: null,
          createTime: this.requestTime(),
        }),
      {
        checkIntervalMs: Number(cfg.settings['znode.container.checkIntervalMs'] ?? 60_000),
        maxPerMinute: Number(cfg.settings['znode.container.maxPerMinute'] ?? 10_000),
        maxNeverUsedIntervalMs: Number(cfg.settings['znode.container.maxNeverUsedIntervalMs'] ?? 0),
      },
    );
  }

  get tree(): DataTree {
    return this.zkDb.tree;
  }

  /**
   * Standalone start (ZooKeeperServer.startdata → loadData): load the database, "Make a clean
   * snapshot" (takeSnapshot(): in place, no fsync), restore sessions, open the client port.
   * A log without a snapshot throws MissingSnapshotError (FileTxnSnapLog.restore).
   */
  startup(): void {
    this.hzxid = this.zkDb.loadDataBase();
    const snap = this.zkDb.save(false);
    this.ctx.trace('zk.snapshot', { file: snap, zxid: this.hzxid, appliedSince: 0 });
    // FileTxnSnapLog.restore, ZKDatabase.loadDataBase, then the snapshot loadData takes.
    this.metrics.sample('startup_snap_load_time', 0);
    this.metrics.sample('dbinittime', 0);
    this.metrics.sample('snapshottime', 0);
    this.metrics.sample('prep_processor_queue_size', 0);
    this.metrics.sample('sync_processor_queue_size', 0);
    this.attachTreeMetrics();
    const l = this.zkDb.loadedFrom;
    this.ctx.trace('zk.loaded', {
      zxid: this.hzxid,
      snapshot: l.snapshotZxid,
      replayed: l.replayed,
      torn: l.tornBytes,
      sessions: this.zkDb.sessionsWithTimeouts.size,
    });
    for (const [id, timeout] of this.zkDb.sessionsWithTimeouts) this.sessionTracker.addSession(id, timeout);
    this.sessionTracker.start();
    this.containers.start();
    this.ctx.net.listen(this.cfg.clientAddr);
    this.running = true;
    this.startedAt = this.ctx.currentElapsedTime(); // ServerStats.startTime = Time.currentElapsedTime()
  }

  /**
   * Quorum mode: the database is already loaded (and synced with the leader). Serve; only
   * the leader runs session expiry and the container manager.
   */
  startServing(opts: { leader: boolean; hzxid: number }): void {
    this.hzxid = opts.hzxid;
    this.attachTreeMetrics();
    for (const [id, timeout] of this.zkDb.sessionsWithTimeouts) this.sessionTracker.addSession(id, timeout);
    if (opts.leader) {
      this.sessionTracker.start();
      this.containers.start();
    }
    this.running = true;
  }

  /**
   * Stop serving: ZooKeeperServer.shutdown (with LeaderZooKeeperServer.shutdown's
   * containerManager.stop() and the role's self.closeAllConnections()). The session tracker
   * and the container manager stop; client connections close (clients move to another
   * server), which empties the connection expiry queue, so its expirer stops too; a fuzzy
   * snapshot in progress is abandoned (3.8 does not join its snapshot thread, which may still
   * write the file; here no step of it runs again and no file is written). Then the pipeline
   * shuts down: SyncRequestProcessor.shutdown flushes what was appended, and once that is
   * durable the server's scope closes and afterShutdown's callback runs.
   */
  shutdown(): void {
    this.running = false;
    this.sessionTracker.shutdown();
    this.containers.stop();
    for (const c of [...this.cnxns.values()]) c.close();
    this.cnxnExpirer.close();
    this.snapshots.close();
    this.sync.shutdown(() => {
      this.ctx.close();
      this.stopped = true;
      const after = this.afterStop;
      this.afterStop = undefined;
      after?.();
    });
  }

  /** Run `done` once shutdown() has flushed the log (at once if it has). */
  afterShutdown(done: () => void): void {
    if (this.stopped) done();
    else this.afterStop = done;
  }

  // ---- connections ---------------------------------------------------------------------

  onAccept(conn: ConnId, remote: string): void {
    if (this.cfg.clientTcpKeepAlive) this.ctx.net.setKeepAlive(conn, true);
    const cnxn = new ServerCnxn(this.ctx, conn, remote, this);
    this.cnxns.set(conn, cnxn);
    this.touchCnxn(cnxn);
  }

  cnxnClosed(cnxn: ServerCnxn): void {
    this.cnxns.delete(cnxn.conn);
    this.cnxnExpiryQueue.remove(cnxn);
    this.tree.removeCnxn(cnxn);
  }

  /** NIOServerCnxnFactory.touchCnxn: IO on a connection; one not touched within its timeout is closed. */
  touchCnxn(cnxn: ServerCnxn): void {
    if (cnxn.closed) return;
    this.cnxnExpiryQueue.update(cnxn, cnxn.sessionTimeout, this.ctx.currentElapsedTime()); // ExpiryQueue.update
    if (this.cnxnExpiryTimer === undefined) this.armCnxnExpirer();
  }

  /** The ConnectionExpirerThread, woken only while there are connections to expire. */
  private armCnxnExpirer(): void {
    if (this.cnxnExpiryQueue.size === 0) return;
    this.cnxnExpiryTimer = this.cnxnExpirer.setTimer(
      Math.max(0, this.cnxnExpiryQueue.nextExpiration - this.ctx.currentElapsedTime()), // ExpiryQueue.getWaitTime
      'zk.cnxn-expire',
      () => this.expireCnxns(),
    );
  }

  private expireCnxns(): void {
    this.cnxnExpiryTimer = undefined;
    for (const c of this.cnxnExpiryQueue.poll(this.ctx.currentElapsedTime())) {
      this.ctx.trace('zk.cnxn-expired', { session: c.sessionId });
      this.metrics.add('sessionless_connections_expired');
      c.close();
    }
    this.armCnxnExpirer();
  }

  /** Buckets whose time has come are gone by now (what the expirer thread would have polled). */
  dumpConnections(dateOf: (ms: number) => string): string {
    for (const c of this.cnxnExpiryQueue.poll(this.ctx.currentElapsedTime())) c.close();
    return `Connections ${this.cnxnExpiryQueue.dump(dateOf, (c) => c.toString())}`;
  }

  packetReceived(bytes: number): void {
    this.stats.packetsReceived++;
    this.metrics.add('bytes_received_count', bytes);
  }

  clientResponseSize(size: number): void {
    const r = this.responseSizes;
    r.last = size;
    if (r.min === -1 || size < r.min) r.min = size;
    if (r.max === -1 || size > r.max) r.max = size;
  }

  /** DataTree's metrics: bytes read and written per top-level znode, watchers per trigger. */
  private attachTreeMetrics(): void {
    const m = this.metrics;
    this.tree.metrics = {
      read: (ns, bytes) => m.sampleSet('read_per_namespace', ns, bytes),
      write: (ns, bytes) => m.sampleSet('write_per_namespace', ns, bytes),
      watchers: (name, n) => m.sample(name, n),
    };
  }

  packetSent(): void {
    this.stats.packetsSent++;
  }

  /** ServerStats.reset (srst): latency and packet counters. */
  resetStats(): void {
    const s = this.stats;
    s.packetsReceived = 0;
    s.packetsSent = 0;
    s.minLatency = Infinity;
    s.maxLatency = 0;
    s.totalLatency = 0;
    s.count = 0;
    this.responseSizes.last = this.responseSizes.min = this.responseSizes.max = -1;
    this.metrics.reset();
  }

  processConnectRequest(cnxn: ServerCnxn, req: ConnectRequest): void {
    // The connection throttle (no tokens short here) and the request count.
    this.metrics.sample('connection_token_deficit', 0);
    this.metrics.add('connection_request_count');
    if (req.lastZxidSeen > this.zkDb.lastProcessedZxid) {
      this.ctx.trace('zk.refuse', {
        reason: `Refusing session request for client as it has seen zxid 0x${req.lastZxidSeen.toString(16)} our last zxid is 0x${this.zkDb.lastProcessedZxid.toString(16)} client must try another server`,
      });
      cnxn.close();
      return;
    }
    const timeout = Math.min(Math.max(req.timeOut, this.cfg.minSessionTimeout), this.cfg.maxSessionTimeout);
    cnxn.sessionTimeout = timeout;
    if (req.sessionId === 0n) {
      const id = this.sessionTracker.createSession(timeout);
      cnxn.sessionId = id;
      this.ctx.trace('zk.session-create', { session: id, timeout });
      this.submitRequest({
        sessionId: id,
        cxid: 0,
        type: OpCode.createSession,
        body: { op: OpCode.ping },
        cnxn,
        timeout,
        createTime: this.requestTime(),
      });
      return;
    }
    // Reconnect: the old connection of the session goes, the password must match, the session must live.
    for (const other of [...this.cnxns.values()])
      if (other !== cnxn && other.sessionId === req.sessionId) other.close();
    cnxn.sessionId = req.sessionId;
    if (req.passwd !== sessionPassword(req.sessionId)) {
      this.finishReopen(cnxn, false);
      return;
    }
    this.revalidateSession(cnxn, req.sessionId, timeout);
  }

  /** reopenSession → revalidateSession: is the session alive? (A learner asks its leader.) */
  revalidateSession(cnxn: ServerCnxn, sessionId: bigint, timeout: number): void {
    this.finishReopen(cnxn, this.sessionTracker.touchSession(sessionId, timeout));
  }

  protected finishReopen(cnxn: ServerCnxn, valid: boolean): void {
    this.ctx.trace('zk.session-reopen', { session: cnxn.sessionId, valid });
    this.sendConnectResponse(cnxn, valid);
  }

  finishSessionInit(request: Request, valid: boolean): void {
    const cnxn = request.cnxn;
    if (cnxn instanceof ServerCnxn && !cnxn.closed) this.sendConnectResponse(cnxn, valid);
  }

  private sendConnectResponse(cnxn: ServerCnxn, valid: boolean): void {
    cnxn.sendConnectResponse({
      type: 'connected',
      protocolVersion: 0,
      timeOut: valid ? cnxn.sessionTimeout : 0,
      sessionId: valid ? cnxn.sessionId : 0n,
      passwd: valid ? sessionPassword(cnxn.sessionId) : '00'.repeat(16),
      readOnly: false,
    });
    if (valid) cnxn.enableRecv();
    else cnxn.close();
  }

  processPacket(cnxn: ServerCnxn, packet: RequestPacket): void {
    const body = packet.body;
    if (body.op === OpCode.auth) {
      this.processAuth(cnxn, packet.xid, body.scheme, body.auth);
      return;
    }
    if (packet.xid > 0) cnxn.outstanding++;
    const request: Request = {
      sessionId: cnxn.sessionId,
      cxid: packet.xid,
      type: body.op,
      body,
      cnxn,
      createTime: this.requestTime(),
      // processPacket: si.setOwner(ServerCnxn.me).
      owner: CNXN_ME,
    };
    if (body.op === OpCode.closeSession) this.ctx.trace('zk.session-close', { session: cnxn.sessionId });
    this.submitRequest(request);
  }

  /**
   * addauth (ZooKeeperServer.processPacket, auth packet): the scheme's provider adds ids to the
   * connection — digest its digest id (and super:"" when it is the super digest), ip the
   * client's own address whatever the data says. An unknown scheme is AUTHFAILED: the reply,
   * then the connection is closed (the client turns that reply into its AuthFailed event).
   */
  private processAuth(cnxn: ServerCnxn, xid: number, scheme: string, auth: string): void {
    const added = authenticate(scheme, auth, cnxn, this.cfg.settings['DigestAuthenticationProvider.superDigest']);
    if (!added) {
      cnxn.reply(xid, 0, Code.AUTHFAILED);
      cnxn.close();
      return;
    }
    for (const id of added) cnxn.addAuthInfo(id);
    cnxn.reply(xid, 0, Code.OK);
  }

  submitRequest(request: Request): void {
    if (!this.running) return;
    // The RequestThrottler passes it on at once.
    if (request.type !== OpCode.deleteContainer) this.metrics.sample('request_throttle_queue_time_ms', 0);
    if (request.type !== OpCode.createSession && request.sessionId !== 0n && request.cnxn) {
      // submitRequestNow → touch(cnxn): a request keeps its session alive; a request of a
      // session that is unknown or closing — a closeSession too — is dropped
      // (MissingSessionException). The expirer's closeSession has no connection: not touched.
      if (!this.sessionTracker.touchSession(request.sessionId, (request.cnxn as ServerCnxn).sessionTimeout)) {
        this.ctx.trace('zk.drop', { session: request.sessionId, reason: 'No session' });
        return;
      }
    }
    this.prep.processRequest(request);
  }

  // ---- SessionExpirer ------------------------------------------------------------------

  expire(session: Session): void {
    this.ctx.trace('zk.session-expire', { session: session.id, timeout: session.timeout });
    this.submitRequest({
      sessionId: session.id,
      cxid: 0,
      type: OpCode.closeSession,
      body: { op: OpCode.closeSession },
      cnxn: null,
      createTime: this.requestTime(),
    });
  }

  /** FinalRequestProcessor on SessionMovedException: cnxn.sendCloseSession() closes the connection. */
  sessionMoved(request: Request): void {
    const cnxn = request.cnxn;
    // A learner's forwarded request has no connection here (3.8: cnxn null): its own server closes it.
    if (!(cnxn instanceof ServerCnxn) || cnxn.closed) return;
    this.ctx.trace('zk.session-moved', { session: cnxn.sessionId });
    cnxn.close();
  }

  closeSessionConnection(request: Request): void {
    for (const c of [...this.cnxns.values()]) if (c.sessionId === request.sessionId) c.close();
  }

  // ---- PrepServer ----------------------------------------------------------------------

  getNextZxid(): number {
    return ++this.hzxid;
  }
  /** FinalRequestProcessor's propagation latency: Time.currentWallTime() - the txn header's time. */
  wallTime(): number {
    return this.ctx.currentWallTime();
  }
  /** A txn header's time (PrepRequestProcessor: new TxnHeader(..., Time.currentWallTime(), type)). */
  time(): number {
    return Math.floor(this.ctx.currentWallTime());
  }
  /** Request.createTime = Time.currentElapsedTime(): when a request was made (its latency's start). */
  requestTime(): number {
    return this.ctx.currentElapsedTime();
  }
  lookup(path: string) {
    const n = this.tree.getNode(path);
    return n ? { stat: n.stat, childCount: n.numChildren, acl: n.acl, data: n.data } : undefined;
  }
  ephemerals(sessionId: bigint): JavaHashSet {
    return this.tree.getEphemeralsSet(sessionId);
  }
  isSpecialPath(path: string): boolean {
    return this.tree.isSpecialPath(path);
  }
  validatePath(path: string): void {
    validatePath(path);
  }
  checkACL(acl: ACL[], perm: number, authInfo: Id[], path: string): void {
    checkACL(acl, perm, authInfo, path);
  }
  fixupACL(path: string, authInfo: Id[], acl: ACL[]): ACL[] {
    return fixupACL(path, authInfo, acl);
  }
  checkQuota(path: string, lastData: string | null, data: string | null, op: number): void {
    if (!this.cfg.enforceQuota) return;
    const r = checkQuota(this.tree, path, lastData, data, op as typeof OpCode.create | typeof OpCode.setData, true);
    for (const w of r.warnings) this.ctx.trace('zk.quota', { warning: w });
    if (r.exceeded !== null) throw new KeeperException(Code.QUOTAEXCEEDED, r.exceeded);
  }
  /**
   * SessionTrackerImpl.checkSession(sessionId, owner). With --bug ZK-1208 a closing session
   * passes, as before that fix: a create prepared after its session's closeSession succeeds.
   */
  checkSession(sessionId: bigint, owner: unknown): void {
    this.sessionTracker.checkSession(sessionId, owner, this.bugs.has('ZK-1208'));
  }
  /** SessionTrackerImpl.checkGlobalSession: an unknown session is SessionExpired. */
  checkGlobalSession(sessionId: bigint, owner: unknown): void {
    try {
      this.checkSession(sessionId, owner);
    } catch (e) {
      if (e instanceof KeeperException && e.code === Code.UNKNOWNSESSION)
        throw new KeeperException(Code.SESSIONEXPIRED);
      throw e;
    }
  }
  /** ZooKeeperServer.setOwner → SessionTrackerImpl.setOwner. */
  setOwner(sessionId: bigint, owner: unknown): void {
    this.sessionTracker.setOwner(sessionId, owner);
  }
  setSessionClosing(sessionId: bigint): void {
    this.sessionTracker.setSessionClosing(sessionId);
  }
  get extendedTypesEnabled(): boolean {
    return this.cfg.extendedTypesEnabled;
  }
  next(request: Request): void {
    this.sync.processRequest(request);
  }

  // ---- SyncTarget ----------------------------------------------------------------------

  append(request: Request): string {
    return this.zkDb.append({ hdr: request.hdr!, txn: request.txn! });
  }
  rollLog(): void {
    this.zkDb.rollLog();
  }
  txnCount(): number {
    return this.zkDb.getTxnCount();
  }
  txnSize(): number {
    return this.zkDb.getTxnSize();
  }
  /** Start a fuzzy snapshot: the tree is walked a chunk per step while requests go on. */
  takeSnapshot(): void {
    if (this.snapshotInProgress) return; // "Too busy to snap, skipping", as 3.8 says
    this.snapshotInProgress = this.zkDb.startSnapshot();
    this.ctx.trace('zk.snapshot-start', { zxid: this.snapshotInProgress.zxid });
    this.snapshots.setTimer(SNAPSHOT_STEP_MS, 'zk.snapshot', () => this.snapshotStep());
  }

  private snapshotStep(): void {
    const snap = this.snapshotInProgress;
    if (!snap) return;
    if (!snap.step()) {
      this.snapshots.setTimer(SNAPSHOT_STEP_MS, 'zk.snapshot', () => this.snapshotStep());
      return;
    }
    this.snapshotInProgress = undefined;
    this.metrics.sample('snapshottime', 0);
    // ZooKeeperServer.takeSnapshot() → FileTxnSnapLog.save(..., syncSnap false): written in place,
    // no fsync — the kernel writes it back; nothing waits for it.
    const file = this.zkDb.writeSnapshot(snap);
    this.ctx.trace('zk.snapshot', { file, zxid: snap.zxid, appliedSince: this.zkDb.lastProcessedZxid - snap.zxid });
  }
  flushed(requests: Request[]): void {
    for (const r of requests) this.final.processRequest(r);
  }
  synced(): void {}

  // ---- FinalServer ---------------------------------------------------------------------

  applyTxn(request: Request): ProcessTxnResult {
    const hdr = request.hdr!;
    if (hdr.type === OpCode.createSession)
      this.sessionTracker.addSession(hdr.clientId, request.timeout ?? (request.txn as { timeOut: number }).timeOut);
    else if (hdr.type === OpCode.closeSession) this.sessionTracker.removeSession(hdr.clientId);
    return deliverTxn(this.ctx, this.zkDb, { hdr, txn: request.txn! });
  }
  applied(zxid: number): void {
    this.prep.applied(zxid);
  }
  requestFinished(request: Request, lastOp: string, lastZxid: number): void {
    const cnxn = request.cnxn;
    // Only a client connection of this server counts (not the server's own requests, nor a learner's forwarded ones).
    if (!(cnxn instanceof ServerCnxn)) return;
    // FinalRequestProcessor.updateStats: currentTime = Time.currentElapsedTime().
    const now = this.ctx.currentElapsedTime();
    const latency = now - request.createTime;
    this.metrics.sample(request.hdr ? 'updatelatency' : 'readlatency', latency);
    const s = this.stats;
    s.count++;
    s.totalLatency += latency;
    s.minLatency = Math.min(s.minLatency, latency);
    s.maxLatency = Math.max(s.maxLatency, latency);
    cnxn.updateStatsForResponse(request.cxid, lastZxid, lastOp, request.createTime, now);
  }

  failed(request: Request, e: unknown): void {
    this.ctx.trace('zk.error', { op: request.type, error: e instanceof Error ? e.message : String(e) });
  }

  fourLetterWord(cmd: string, cnxn: ServerCnxn): string {
    return fourLetterWord(this, cmd, cnxn);
  }
}

/** What addauth adds to a connection's ids, or undefined for a scheme with no provider. */
function authenticate(
  scheme: string,
  auth: string,
  cnxn: ServerCnxn,
  superDigest: string | undefined,
): Id[] | undefined {
  if (scheme === 'digest') return digestAuthIds(auth, superDigest);
  if (scheme === 'ip') return [{ scheme: 'ip', id: cnxn.remote.split(':')[0] ?? cnxn.remote }];
  return undefined;
}

import { digestAuthIds } from '../datatree/ACL.ts';
