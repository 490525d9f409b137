// ZKDatabase: the in-memory data tree and session table, over the txn log and snapshots
// (FileTxnSnapLog). Loading = the newest valid snapshot + every logged txn after it; a torn
// log tail is cut; no snapshot at all is a first start (snapshot.0 is written) unless the log
// holds txns, which 3.8 refuses (FileTxnSnapLog.restore, ZOOKEEPER-2325). Every applied txn goes
// through processTxn here so the session table follows createSession/closeSession as the tree
// follows the rest. The txn count since the last snapshot lives here (ZKDatabase.txnCount), so
// it outlasts the SyncRequestProcessors of successive roles.
import type { Disk } from '../actor.ts';
import { DataTree, type DataTreeOptions, type DataTreeSnapshot, type ProcessTxnResult } from '../datatree/DataTree.ts';
import { OpCode, type LoggedTxn, type Txn, type TxnHeader } from '../server/txn.ts';
import { FileSnap, type SnapshotContent } from './FileSnap.ts';
import { FuzzySnapshot } from './FuzzySnapshot.ts';
import { FileTxnLog } from './FileTxnLog.ts';
import { follows } from '../zxid.ts';

/** FileTxnSnapLog.EMPTY_SNAPSHOT_WARNING + "Something is broken!" (FileTxnSnapLog.restore). */
export class MissingSnapshotError extends Error {
  constructor() {
    super('No snapshot found, but there are log entries. Something is broken!');
  }
}

export interface ZKDatabaseOptions extends DataTreeOptions {
  /**
   * How a written file reaches the disk: fsync(file, done) — FileSnap.serialize's fsync, or,
   * for a snapshot written without one, the kernel's writeback (done is then a no-op). Absent
   * (a scratch copy), nothing is made durable.
   */
  fsync?: (file: string, done: () => void) => void;
  /**
   * ZOOKEEPER-2325 switched back on: restore with no valid snapshot goes on from the log (an
   * empty tree at zxid 0 and whatever the log files hold) instead of refusing.
   */
  restoreWithoutSnapshot?: boolean;
  /** zookeeper.snapshotSizeFactor (default 0.33; negative turns the txn-log sync off). */
  snapshotSizeFactor?: number;
}

/** ZKDatabase.DEFAULT_SNAPSHOT_SIZE_FACTOR. */
export const DEFAULT_SNAPSHOT_SIZE_FACTOR = 0.33;

export class ZKDatabase {
  tree: DataTree;
  readonly sessionsWithTimeouts = new Map<bigint, number>();
  log: FileTxnLog;
  readonly snap: FileSnap;
  /**
   * The zxid of the snapshot the tree was built on (loaded from disk, or received by SNAP): the
   * on-disk log is this server's own history only above it.
   */
  historyBase = 0;
  /** The last committed txns (3.8's committedLog, commitLogCount = 500), for DIFF syncs. */
  committedLog: LoggedTxn[] = [];
  static readonly commitLogCount = 500;
  /** ZKDatabase.txnCount: txns appended since the last rollLog (the snapshot trigger). */
  private txnCount = 0;
  /** zxid of the snapshot the database was loaded from, and txns replayed after it. */
  loadedFrom: { snapshotZxid: number; replayed: number; tornBytes: number; holes: [number, number][] } = {
    snapshotZxid: 0,
    replayed: 0,
    tornBytes: 0,
    holes: [],
  };
  private readonly snapshotSizeFactor: number;

  constructor(
    private readonly disk: Disk,
    dataDir: string,
    private readonly dataLogDir: string,
    private readonly options: ZKDatabaseOptions = {},
  ) {
    this.tree = new DataTree(options);
    this.log = new FileTxnLog(disk, dataLogDir);
    this.snap = new FileSnap(disk, dataDir);
    const f = options.snapshotSizeFactor ?? DEFAULT_SNAPSHOT_SIZE_FACTOR;
    // "The configured zookeeper.snapshotSizeFactor is invalid, going to use the default".
    this.snapshotSizeFactor = f > 1 ? DEFAULT_SNAPSHOT_SIZE_FACTOR : f;
  }

  get lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  /**
   * ZKDatabase.setlastProcessedZxid: Leader.startZkServer sets it to the new epoch's zxid
   * (epoch << 32), which no txn carries; a learner synced by SNAP gets it as the SNAP's zxid.
   */
  setlastProcessedZxid(zxid: number): void {
    this.tree.lastProcessedZxid = zxid;
  }

  /** ZKDatabase.clear: an empty tree, no sessions, no committedLog. */
  clear(): void {
    this.tree = new DataTree(this.options);
    this.sessionsWithTimeouts.clear();
    this.committedLog = [];
  }

  /**
   * ZKDatabase.loadDataBase → FileTxnSnapLog.restore: the newest valid snapshot, then the log
   * after it (each txn replayed also goes to the committedLog). No valid snapshot: with log
   * entries 3.8 throws (MissingSnapshotError, ZOOKEEPER-2325); with none it is a first start —
   * save(dt, sessions, false) writes snapshot.0 (no fsync) and the database is empty at zxid 0.
   * Returns the last zxid.
   */
  loadDataBase(): number {
    this.clear();
    const found = this.snap.findMostRecent();
    let snapZxid = 0;
    if (found) {
      this.tree = DataTree.deserialize(found.content.tree as DataTreeSnapshot, this.options);
      for (const [id, to] of found.content.sessions) this.sessionsWithTimeouts.set(id, to);
      snapZxid = found.content.zxid;
      this.tree.lastProcessedZxid = snapZxid;
    } else if (this.log.files().length > 0) {
      // txnLog.getLastLoggedZxid() != -1: a log file exists.
      if (!this.options.restoreWithoutSnapshot) throw new MissingSnapshotError();
    } else {
      this.save(false);
      this.loadedFrom = { snapshotZxid: 0, replayed: 0, tornBytes: 0, holes: [] };
      this.historyBase = 0;
      return 0;
    }
    const before = this.log.files().reduce((n, f) => n + (this.disk.read(f)?.length ?? 0), 0);
    const txns = this.log.readAll(true);
    const after = this.log.files().reduce((n, f) => n + (this.disk.read(f)?.length ?? 0), 0);
    let replayed = 0;
    // Where the history replayed on top of the snapshot skips txns (a txn that is neither the
    // next of its epoch nor the first of a later one): what was lost between.
    const holes: [number, number][] = [];
    let prev = snapZxid;
    for (const { hdr, txn } of txns) {
      if (hdr.zxid <= snapZxid) continue;
      if (!follows(prev, hdr.zxid)) holes.push([prev, hdr.zxid]);
      prev = hdr.zxid;
      this.processTxn(hdr, txn);
      this.addCommittedProposal({ hdr, txn });
      replayed++;
    }
    this.loadedFrom = { snapshotZxid: snapZxid, replayed, tornBytes: before - after, holes };
    this.historyBase = snapZxid;
    return this.tree.lastProcessedZxid;
  }

  /**
   * ZKDatabase.fastForwardDataBase → FileTxnSnapLog.fastForwardFromEdits: apply the logged txns
   * above the tree's last zxid (and add them to the committedLog); with none it returns the
   * tree's zxid as it is (an epoch << 32 zxid no txn carries stays).
   */
  fastForwardDataBase(): number {
    for (const t of this.log.readAll(false)) {
      if (t.hdr.zxid <= this.lastProcessedZxid) continue;
      this.processTxn(t.hdr, t.txn);
      this.addCommittedProposal(t);
    }
    return this.lastProcessedZxid;
  }

  processTxn(hdr: TxnHeader, txn: Txn): ProcessTxnResult {
    if (hdr.type === OpCode.createSession && txn.type === OpCode.createSession)
      this.sessionsWithTimeouts.set(hdr.clientId, txn.timeOut);
    else if (hdr.type === OpCode.closeSession) this.sessionsWithTimeouts.delete(hdr.clientId);
    return this.tree.processTxn(hdr, txn);
  }

  addCommittedProposal(t: LoggedTxn): void {
    this.committedLog.push(t);
    if (this.committedLog.length > ZKDatabase.commitLogCount) this.committedLog.shift();
  }

  get minCommittedLog(): number {
    return this.committedLog.length === 0 ? this.lastProcessedZxid : this.committedLog[0]!.hdr.zxid;
  }

  get maxCommittedLog(): number {
    return this.committedLog.length === 0
      ? this.lastProcessedZxid
      : this.committedLog[this.committedLog.length - 1]!.hdr.zxid;
  }

  /** ZKDatabase.isTxnLogSyncEnabled: snapshotSizeFactor >= 0. */
  isTxnLogSyncEnabled(): boolean {
    return this.snapshotSizeFactor >= 0;
  }

  /**
   * ZKDatabase.calculateTxnLogSizeLimit: snapshotSizeFactor times the length of the most recent
   * snapshot file (FileTxnSnapLog.findMostRecentSnapshot: the newest valid one; none: 0, which
   * getProposalsFromTxnLog reads as no limit).
   */
  calculateTxnLogSizeLimit(): number {
    const found = this.snap.findMostRecent();
    const snapSize = found ? this.snap.length(found.file) : 0;
    return Math.floor(snapSize * this.snapshotSizeFactor);
  }

  /**
   * ZKDatabase.getProposalsFromTxnLog(startZxid, sizeLimit): the txns of the log files from
   * the one holding startZxid on, or none — sizeLimit < 0 (disabled); the first txn read is
   * after startZxid ("Unable to find proposals from txnlog for zxid"); sizeLimit > 0 and the
   * files still to be read (their preallocated lengths) are longer ("Txnlog size exceeds
   * sizeLimit"). What is returned is read as it is on disk: holes and all (ZOOKEEPER-2846).
   */
  getProposalsFromTxnLog(startZxid: number, sizeLimit: number): LoggedTxn[] {
    if (sizeLimit < 0) return [];
    const read = this.log.readFrom(startZxid);
    const first = read.records[0];
    if (first && first.hdr.zxid > startZxid) return [];
    if (sizeLimit > 0 && read.storageSize > sizeLimit) return [];
    return read.records;
  }

  /**
   * ZKDatabase.truncateLog: clear(), FileTxnSnapLog.truncateLog — the log cut after zxid by a
   * new FileTxnLog (the next append starts a file); the snapshots are left as they are, newer
   * ones too — then loadDataBase, which loads the newest snapshot. Returns the files changed
   * (to fsync), or undefined when there was no log to truncate ("No log files found to
   * truncate!": truncateLog returns false).
   */
  truncateLog(zxid: number): string[] | undefined {
    this.clear();
    if (this.log.files().length === 0) return undefined;
    const changed = this.log.truncate(zxid);
    this.log = new FileTxnLog(this.disk, this.dataLogDir);
    this.loadDataBase();
    return changed;
  }

  /**
   * SNAP: ZKDatabase.deserializeSnapshot — clear(), then the leader's tree and sessions; the
   * txn log is left as it is (3.8 writes the snapshot at NEWLEADER, and a restart replays only
   * the log above it).
   */
  restoreSnapshot(tree: DataTreeSnapshot, sessions: [bigint, number][], zxid: number): void {
    this.clear();
    this.tree = DataTree.deserialize(tree, this.options);
    this.tree.lastProcessedZxid = zxid;
    for (const [id, to] of sessions) this.sessionsWithTimeouts.set(id, to);
    this.historyBase = zxid;
  }

  /** ZKDatabase.append: a txn to the log (durable once the file is fsynced); counts it. */
  append(t: LoggedTxn): string {
    const file = this.log.append(t);
    this.txnCount++;
    return file;
  }

  /** ZKDatabase.rollLog: the next append starts a new log file; resetTxnCount. */
  rollLog(): void {
    this.log.rollLog();
    this.txnCount = 0;
  }

  /** ZKDatabase.getTxnCount: txns appended since the last rollLog. */
  getTxnCount(): number {
    return this.txnCount;
  }

  /**
   * ZKDatabase.getTxnSize → FileTxnLog.getTotalLogSize: the length of the log file being
   * written (preallocation included); rollLog resets the running total of older ones.
   */
  getTxnSize(): number {
    const f = this.log.currentFile;
    return f === undefined ? 0 : this.log.fileLength(f);
  }

  private content(): SnapshotContent {
    return { zxid: this.tree.lastProcessedZxid, sessions: [...this.sessionsWithTimeouts], tree: this.tree.serialize() };
  }

  /**
   * FileTxnSnapLog.save(dataTree, sessions, syncSnap), the tree as it is now, all at once.
   * syncSnap (a SNAP sync's snapshot): AtomicFileOutputStream — the .tmp fsynced, then renamed
   * in place, then durable() runs. Otherwise written straight onto snapshot.<zxid> and left to
   * the kernel's writeback (durable() runs at once: nothing waits for it). Returns the file.
   */
  save(syncSnap: boolean, durable: () => void = () => {}): string {
    if (syncSnap) {
      const w = this.snap.writeAtomic(this.content());
      const fsync = this.options.fsync;
      if (fsync)
        fsync(w.tmp, () => {
          this.snap.finishAtomic(w);
          durable();
        });
      else this.snap.finishAtomic(w);
      return w.file;
    }
    const file = this.snap.write(this.content());
    this.options.fsync?.(file, () => {});
    durable();
    return file;
  }

  /** Begin a fuzzy snapshot (step it until done, then writeSnapshot). */
  startSnapshot(chunk = 16): FuzzySnapshot {
    return new FuzzySnapshot(() => this.tree, this.sessionsWithTimeouts, chunk);
  }

  /** Write a finished fuzzy snapshot in place, left to the kernel's writeback (save(..., false)); returns its file. */
  writeSnapshot(snap: FuzzySnapshot): string {
    const file = this.snap.write(snap.content());
    this.options.fsync?.(file, () => {});
    return file;
  }
}
