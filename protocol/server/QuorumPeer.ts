// QuorumPeer: one ZooKeeper server of an ensemble, as an actor. It reads zoo.cfg and myid
// from its disk, loads its database (txn log, acceptedEpoch, currentEpoch) with 3.8's checks,
// opens the election port, and runs the QuorumPeer.run() loop: LOOKING → FastLeaderElection →
// LEADING (Leader) / FOLLOWING (Follower) / OBSERVING (Observer) → back to LOOKING when the
// role ends. Scopes: the peer's Context is the incarnation's root; the election uses it, and
// each role gets a child scope for itself and one for its server (see serverContext), each
// closed by that object's shutdown.
import type { Actor, CloseReason, ConnId, Context, Message } from '../actor.ts';
import {
  ConfigError,
  type LearnerType,
  type ServerSpec,
  type ZooCfg,
  clientAddressOf,
  parseMyid,
  parseZooCfg,
  selfSpec,
} from '../config/zoocfg.ts';
import { FastLeaderElection } from '../election/FastLeaderElection.ts';
import type { NotificationMsg } from '../election/Notification.ts';
import { QuorumCnxManager } from '../election/QuorumCnxManager.ts';
import { booleanProperty } from '../config/zoocfg.ts';
import { QuorumMaj, type SyncedLearnerTracker } from '../election/QuorumVerifier.ts';
import type { ServerState, Vote } from '../election/Vote.ts';
import {
  ACCEPTED_EPOCH,
  CURRENT_EPOCH,
  type EpochFile,
  EpochFileError,
  beginEpochWrite,
  finishEpochWrite,
  readEpoch,
} from '../storage/EpochFiles.ts';
import { MissingSnapshotError, ZKDatabase } from '../storage/ZKDatabase.ts';
import { configZookeeper } from '../datatree/DataTree.ts';
import type { ZooKeeperServer, ServerConfig } from './ZooKeeperServer.ts';
import { serverConfigFrom } from './ZooKeeperServerMain.ts';
import type { ClientMessage } from '../proto.ts';
import { Follower } from '../zab/Follower.ts';
import { Leader } from '../zab/Leader.ts';
import type { Learner } from '../zab/Learner.ts';
import { Observer } from '../zab/Observer.ts';
import { epochOf, zxidHex } from '../zxid.ts';
import { type Bugs, IN_EVERY_RELEASE } from '../bugs.ts';

export interface QuorumPeerOptions {
  /** Path of zoo.cfg on the node's disk. */
  configPath: string;
  /** Historical bugs switched back on (protocol/bugs.ts); none by default. */
  bugs?: Bugs;
}

/** An epoch file write in flight: its file, value, and what to do once it is durable. */
interface EpochWrite {
  name: EpochFile;
  value: number;
  done?: () => void;
}

export class QuorumPeer implements Actor {
  cfg!: ZooCfg;
  myid = 0;
  spec!: ServerSpec;
  qv!: QuorumMaj;
  learnerType: LearnerType = 'participant';
  electionAddr = '';
  quorumAddr = '';
  tickTime = 0;
  initLimit = 0;
  syncLimit = 0;

  private state: ServerState = 'LOOKING';
  private currentVote!: Vote;
  private lastLoggedZxid = 0;
  private currentEpoch = 0;
  private acceptedEpoch = 0;
  zkDb!: ZKDatabase;
  clientAddr = '';
  /** The server that serves clients now (a leader's or a learner's), if any. */
  private zks: ZooKeeperServer | undefined;
  private cfgText = '';
  private qcm!: QuorumCnxManager;
  private fle!: FastLeaderElection;
  private leader: Leader | undefined;
  private learner: Learner | undefined;
  /** Epoch file writes in flight (fsync, then rename); start-up waits for them. */
  private pendingWrites = 0;
  private running = false;

  readonly bugs: Bugs;

  constructor(
    private readonly ctx: Context,
    private readonly options: QuorumPeerOptions,
  ) {
    // No list: the default release's (3.8's own open-JIRA behaviour, IN_EVERY_RELEASE).
    this.bugs = options.bugs ?? new Set(IN_EVERY_RELEASE);
  }

  // ---- start-up ------------------------------------------------------------------------

  start(): void {
    try {
      this.loadConfig();
      this.loadDataBase();
    } catch (e) {
      if (e instanceof ConfigError || e instanceof EpochFileError) {
        this.ctx.exit(2, e.message);
        return;
      }
      if (e instanceof MissingSnapshotError) {
        // QuorumPeer.start → loadDataBase: "Unable to load database on disk", and
        // QuorumPeerMain exits (ExitCode.UNEXPECTED_ERROR).
        this.ctx.exit(1, e.message);
        return;
      }
      throw e;
    }
    if (this.pendingWrites === 0) this.startLeaderElection();
  }

  private loadConfig(): void {
    const text = this.ctx.disk.read(this.options.configPath);
    if (text === undefined) throw new ConfigError('config', `${this.options.configPath} does not exist`);
    this.cfg = parseZooCfg(text);
    this.cfgText = text;
    const myidText = this.ctx.disk.read(`${this.cfg.dataDir}/myid`);
    if (myidText === undefined) throw new ConfigError('myid', `${this.cfg.dataDir}/myid file is missing`);
    this.myid = parseMyid(myidText);
    this.spec = selfSpec(this.cfg, this.myid);
    this.qv = new QuorumMaj(this.cfg.servers);
    this.learnerType = this.spec.type;
    this.electionAddr = `${this.spec.host}:${this.spec.electionPort}`;
    this.quorumAddr = `${this.spec.host}:${this.spec.quorumPort}`;
    this.clientAddr = clientAddressOf(this.cfg, this.spec);
    this.tickTime = this.cfg.tickTime;
    this.initLimit = this.cfg.initLimit;
    this.syncLimit = this.cfg.syncLimit;
  }

  /** QuorumPeer.loadDataBase(): the last zxid from the log, and the epoch files checked against it. */
  private loadDataBase(): void {
    this.zkDb = new ZKDatabase(this.ctx.disk, this.cfg.dataDir, this.cfg.dataLogDir, {
      extendedTypesEnabled:
        (this.cfg.extra.extendedTypesEnabled ?? this.cfg.extra['zookeeper.extendedTypesEnabled']) === 'true',
      // Snapshot files are flushed in the peer's scope: a role's end does not stop the disk
      // (an AtomicFileOutputStream's rename follows its fsync whoever asked).
      fsync: (file, done) => this.ctx.fsync(file, done),
      restoreWithoutSnapshot: this.bugs.has('ZK-2325'),
    });
    this.lastLoggedZxid = this.zkDb.loadDataBase();
    this.initConfigInZKDatabase();
    const txns = { length: this.zkDb.loadedFrom.replayed };
    const epochOfZxid = epochOf(this.lastLoggedZxid);
    const dir = this.cfg.dataDir;
    const current = readEpoch(this.ctx.disk, dir, CURRENT_EPOCH);
    if (current === undefined) {
      this.currentEpoch = epochOfZxid;
      this.ctx.trace('peer.epoch-file', { file: CURRENT_EPOCH, value: epochOfZxid, why: 'missing' });
      this.writeEpoch(CURRENT_EPOCH, epochOfZxid);
    } else {
      this.currentEpoch = current;
    }
    if (epochOfZxid > this.currentEpoch) {
      const tmp = readEpoch(this.ctx.disk, dir, `${CURRENT_EPOCH}.tmp`);
      if (tmp === undefined) {
        throw new EpochFileError(
          `The current epoch, ${zxidHex(this.currentEpoch)}, is older than the last zxid, ${zxidHex(this.lastLoggedZxid)}`,
        );
      }
      this.currentEpoch = tmp;
      this.writeEpoch(CURRENT_EPOCH, tmp);
    }
    const accepted = readEpoch(this.ctx.disk, dir, ACCEPTED_EPOCH);
    if (accepted === undefined) {
      this.acceptedEpoch = epochOfZxid;
      this.ctx.trace('peer.epoch-file', { file: ACCEPTED_EPOCH, value: epochOfZxid, why: 'missing' });
      this.writeEpoch(ACCEPTED_EPOCH, epochOfZxid);
    } else {
      this.acceptedEpoch = accepted;
    }
    if (this.acceptedEpoch < this.currentEpoch) {
      throw new EpochFileError(
        `The accepted epoch, ${zxidHex(this.acceptedEpoch)} is less than the current epoch, ${zxidHex(this.currentEpoch)}`,
      );
    }
    this.ctx.trace('peer.loaded', {
      myid: this.myid,
      lastZxid: this.lastLoggedZxid,
      currentEpoch: this.currentEpoch,
      acceptedEpoch: this.acceptedEpoch,
      txns: txns.length,
      ...(this.zkDb.loadedFrom.holes.length > 0 ? { holes: this.zkDb.loadedFrom.holes } : {}),
    });
  }

  /** Writes of one epoch file go one at a time (they share the .tmp file). */
  private queuedWrites = new Map<EpochFile, EpochWrite[]>();

  private writeEpoch(name: EpochFile, value: number, done?: () => void): void {
    const w: EpochWrite = { name, value };
    if (done) w.done = done;
    const q = this.queuedWrites.get(name);
    if (q) {
      q.push(w);
      return;
    }
    this.queuedWrites.set(name, []);
    this.beginEpochWrite(w);
  }

  /** writeLongToFile: the temp file is fsynced in the peer's scope (it outlives every role), then renamed. */
  private beginEpochWrite(w: EpochWrite): void {
    this.pendingWrites++;
    const tmp = beginEpochWrite(this.ctx.disk, this.cfg.dataDir, w.name, w.value);
    this.ctx.fsync(tmp, () => this.epochWritten(w));
  }

  private nextEpochWrite(name: EpochFile): void {
    const q = this.queuedWrites.get(name);
    const next = q?.shift();
    if (!next) {
      this.queuedWrites.delete(name);
      return;
    }
    this.beginEpochWrite(next);
  }

  private epochWritten(w: EpochWrite): void {
    this.pendingWrites--;
    finishEpochWrite(this.ctx.disk, this.cfg.dataDir, w.name);
    this.nextEpochWrite(w.name);
    if (this.running) this.ctx.trace('zab.epoch', { file: w.name, value: w.value });
    if (w.done) w.done();
    else if (this.pendingWrites === 0 && !this.running) this.startLeaderElection();
    const after = this.afterEpochWrites;
    if (after && this.pendingWrites === 0) {
      this.afterEpochWrites = undefined;
      after();
    }
  }

  /** QuorumPeer.setAcceptedEpoch: durable (tmp + fsync + rename), then done. */
  setAcceptedEpoch(epoch: number, done: () => void): void {
    this.writeEpoch(ACCEPTED_EPOCH, epoch, () => {
      this.acceptedEpoch = epoch;
      done();
    });
  }

  setCurrentEpoch(epoch: number, done: () => void): void {
    this.writeEpoch(CURRENT_EPOCH, epoch, () => {
      this.currentEpoch = epoch;
      done();
    });
  }

  /**
   * QuorumPeer.initConfigInZKDatabase → ZKDatabase.initConfigInZKDatabase(qv): in quorum mode
   * /zookeeper/config holds the quorum config, QuorumMaj.toString() — DataTree.setData(path,
   * data, -1, qv.getVersion(), now), so dataVersion -1 and mZxid the config's version (0 for a
   * static config; reconfig is disabled by default in 3.8). QuorumPeerMain does it once before
   * loading the database, and a learner again after taking the leader's snapshot ("Reset
   * config node content from local config after deserialization of snapshot").
   */
  initConfigInZKDatabase(): void {
    this.configMtime = Math.floor(this.ctx.currentWallTime()); // ZKDatabase.initConfigInZKDatabase: Time.currentWallTime()
    this.restoreConfigNode();
  }

  /**
   * After the tree was rebuilt from disk (a role ended, a TRUNC): 3.8 keeps its in-memory tree
   * when a role ends and reloads a TRUNC from its snapshot, so the config node is still what
   * the last initConfigInZKDatabase wrote.
   */
  restoreConfigNode(): void {
    this.zkDb.tree.setData(configZookeeper, quorumConfigString(this.cfg.servers), -1, 0, this.configMtime);
  }

  private configMtime = 0;

  serverConfig(): ServerConfig {
    return serverConfigFrom(this.cfgText, this.myid, this.clientAddr);
  }

  serving(zks: ZooKeeperServer | undefined): void {
    this.zks = zks;
  }

  serverContext(): Context {
    return this.ctx.scope('zks');
  }

  private startLeaderElection(): void {
    this.running = true;
    this.currentVote = {
      id: this.myid,
      zxid: this.lastLoggedZxid,
      electionEpoch: -1,
      peerEpoch: this.currentEpoch,
      state: 'LOOKING',
    };
    this.ctx.net.listen(this.electionAddr);
    this.ctx.net.listen(this.clientAddr);
    this.qcm = new QuorumCnxManager(
      this.ctx,
      this.myid,
      this.electionAddr,
      this.qv,
      this.cfg.cnxTimeout,
      (sid, m) => this.fle.receive(sid, m as NotificationMsg),
      { tcpKeepAlive: booleanProperty(this.cfg, 'tcpKeepAlive'), zk453: this.bugs.has('ZK-453') },
    );
    this.fle = new FastLeaderElection(this.ctx, this, this.qcm);
    this.setPeerState('LOOKING');
    this.fle.lookForLeader();
  }

  // ---- what the election and the roles need --------------------------------------------

  getLastLoggedZxid(): number {
    return this.lastLoggedZxid;
  }
  getCurrentEpoch(): number {
    return this.currentEpoch;
  }
  getAcceptedEpoch(): number {
    return this.acceptedEpoch;
  }
  getPeerState(): ServerState {
    return this.state;
  }
  getCurrentVote(): Vote {
    return this.currentVote;
  }

  private setPeerState(state: ServerState, leader?: number): void {
    this.state = state;
    this.ctx.trace('state', {
      state,
      leader: leader ?? null,
      round: this.fle.logicalclock,
      peerEpoch: this.currentEpoch,
      zxid: this.lastLoggedZxid,
    });
  }

  electionDone(state: ServerState, endVote: Vote, _voteSet: SyncedLearnerTracker): void {
    this.currentVote = endVote;
    this.setPeerState(state, endVote.id);
    // makeLeader / makeFollower / makeObserver: the role, in a scope of its own.
    if (state === 'LEADING') {
      this.leader = new Leader(this.ctx.scope('leader'), this);
      this.leader.lead();
      return;
    }
    const spec = this.qv.spec(endVote.id)!;
    const addr = `${spec.host}:${spec.quorumPort}`;
    this.learner =
      state === 'OBSERVING'
        ? new Observer(this.ctx.scope('observer'), this, endVote.id, addr)
        : new Follower(this.ctx.scope('follower'), this, endVote.id, addr);
    this.learner.run();
  }

  /**
   * QuorumPeer.updateElectionVote (ZOOKEEPER-1732): the same vote, with the new epoch as its
   * peerEpoch — what this server now tells a LOOKING server in its FOLLOWING/LEADING replies.
   */
  updateElectionVote(newEpoch: number): void {
    const v = this.currentVote;
    if (v) this.currentVote = { ...v, peerEpoch: newEpoch };
  }

  leaderShutdown(_reason: string): void {
    const zks = this.leader?.zks;
    this.leader = undefined;
    // Leader.shutdown → ZooKeeperServer.shutdown(false): the database is fast-forwarded, not cleared.
    this.fullyShutDown = false;
    this.afterRole(zks);
  }

  learnerShutdown(_reason: string, fullyShutDown = false): void {
    const zks = this.learner?.builtServer;
    this.learner = undefined;
    this.fullyShutDown = fullyShutDown;
    this.afterRole(zks);
  }

  /** The role ended with ZooKeeperServer.shutdown(true): the database is cleared (Learner.shutdown after an unfinished SNAP). */
  private fullyShutDown = false;

  /**
   * A role ended. As 3.8's SyncRequestProcessor.shutdown flushes (fsyncs) what it appended
   * before the peer goes LOOKING, wait for the old server's log writes in flight to be durable
   * (they are traced as logged then), so the next vote's zxid is one the disk really holds.
   */
  private afterRole(zks: ZooKeeperServer | undefined): void {
    const next = () => (zks ? zks.afterShutdown(() => this.backToLooking()) : this.backToLooking());
    // QuorumPeer.setAcceptedEpoch / setCurrentEpoch → writeLongToFile block the role's thread
    // until the file is durable: a role that ended with an epoch write in flight returns (and
    // the peer goes LOOKING, with the epoch it wrote) only once that write is done.
    if (this.pendingWrites > 0) this.afterEpochWrites = next;
    else next();
  }

  /** What the end of a role waits for: the epoch writes it left in flight. */
  private afterEpochWrites: (() => void) | undefined;

  /**
   * ZooKeeperServer.shutdown(fullyShutDown), then QuorumPeer.getLastLoggedZxid for the next
   * vote. Not fully: the in-memory database stays — its tree, sessions and committedLog, and a
   * last processed zxid of epoch << 32 that Leader.startZkServer or a SNAP set — fast-forwarded
   * to the txn log (ZKDatabase.fastForwardDataBase). Fully (an unfinished SNAP sync, the fix of
   * ZOOKEEPER-3642): zkDb.clear(), and getLastLoggedZxid loads it from disk again.
   */
  private backToLooking(): void {
    const fully = this.fullyShutDown;
    this.fullyShutDown = false;
    if (fully) {
      try {
        this.lastLoggedZxid = this.zkDb.loadDataBase();
      } catch (e) {
        if (!(e instanceof MissingSnapshotError)) throw e;
        // QuorumPeer.loadDataBase: RuntimeException("Unable to load database on disk").
        this.ctx.exit(1, e.message);
        return;
      }
    } else if (this.bugs.has('ZK-2845')) {
      // ZOOKEEPER-2845: the database is retained across the election (ZOOKEEPER-2678) as the
      // role left it — only committed txns applied — and not fast-forwarded to the log, so the
      // vote and the next ACKEPOCH carry a zxid below what the log holds: a leader then sends
      // DIFF instead of TRUNC, and an uncommitted txn left in the log comes back on restart.
      this.lastLoggedZxid = this.zkDb.lastProcessedZxid;
    } else {
      this.lastLoggedZxid = this.zkDb.fastForwardDataBase();
    }
    this.restoreConfigNode();
    this.setPeerState('LOOKING');
    this.fle.lookForLeader();
  }

  // ---- inputs ----------------------------------------------------------------------------

  onAccept(conn: ConnId, localAddr: string, remoteAddr: string): void {
    if (localAddr === this.electionAddr) this.qcm.onAccept(conn);
    else if (localAddr === this.quorumAddr && this.leader) this.leader.onAccept(conn);
    else if (localAddr === this.clientAddr && this.zks?.running) this.zks.onAccept(conn, remoteAddr);
    else this.ctx.net.close(conn); // "ZooKeeperServer not running"
  }

  onConnect(conn: ConnId): void {
    if (this.qcm.owns(conn)) this.qcm.onConnect(conn);
    else if (this.learner?.owns(conn)) this.learner.onConnect(conn);
  }

  onConnectFailed(conn: ConnId): void {
    if (this.qcm.owns(conn)) this.qcm.onConnectFailed(conn);
    else if (this.learner?.owns(conn)) this.learner.onConnectFailed(conn);
  }

  onMessage(conn: ConnId, msg: Message): void {
    const cnxn = this.zks?.cnxns.get(conn);
    if (cnxn) {
      cnxn.onMessage(msg as ClientMessage);
      return;
    }
    if (this.qcm.owns(conn)) this.qcm.onMessage(conn, msg);
    else if (this.leader?.owns(conn)) this.leader.onMessage(conn, msg);
    else if (this.learner?.owns(conn)) this.learner.onMessage(conn, msg);
  }

  onClose(conn: ConnId, _reason: CloseReason): void {
    const cnxn = this.zks?.cnxns.get(conn);
    if (cnxn) {
      cnxn.onClosed();
      return;
    }
    if (this.qcm.owns(conn)) this.qcm.onClose(conn);
    else if (this.leader?.owns(conn)) this.leader.onClose(conn);
    else if (this.learner?.owns(conn)) this.learner.onClose(conn);
  }
}

/**
 * QuorumMaj.toString: `server.N=QuorumServer.toString()` lines in id order (a HashMap of small
 * Longs), then `version=<hex>` with no newline. QuorumServer.toString is
 * host:quorumPort:electionPort:type, plus `;clientAddr` only when the server line named it (a
 * clientPort from zoo.cfg is isClientAddrFromStatic and left out).
 */
export function quorumConfigString(servers: readonly ServerSpec[], version = 0): string {
  let s = '';
  for (const m of [...servers].sort((a, b) => a.id - b.id)) {
    s += `server.${m.id}=${m.host}:${m.quorumPort}:${m.electionPort}:${m.type}`;
    if (m.clientAddr) s += `;${m.clientAddr}`;
    s += '\n';
  }
  return `${s}version=${version.toString(16)}`;
}
