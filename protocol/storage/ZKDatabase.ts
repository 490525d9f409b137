// ZKDatabase: the in-memory data tree and session table, over the txn log and snapshots
// (FileTxnSnapLog). Loading = the newest valid snapshot + every logged txn after it; a torn
// log tail is cut. Every applied txn goes through processTxn here so the session table
// follows createSession/closeSession as the tree follows the rest.
import type { Disk } from '../actor.ts';
import { DataTree, type DataTreeOptions, type DataTreeSnapshot, type ProcessTxnResult } from '../datatree/DataTree.ts';
import { OpCode, type LoggedTxn, type Txn, type TxnHeader } from '../server/txn.ts';
import { FileSnap } from './FileSnap.ts';
import { FuzzySnapshot } from './FuzzySnapshot.ts';
import { FileTxnLog } from './FileTxnLog.ts';
import { follows } from '../zxid.ts';

export class ZKDatabase {
  tree: DataTree;
  readonly sessionsWithTimeouts = new Map<bigint, number>();
  readonly log: FileTxnLog;
  readonly snap: FileSnap;
  /**
   * The zxid of the snapshot the tree was built on (loaded from disk, or received by SNAP): the
   * on-disk log is this server's history only above it.
   */
  historyBase = 0;
  /** The last committed txns (3.8's committedLog, commitLogCount = 500), for DIFF syncs. */
  committedLog: LoggedTxn[] = [];
  static readonly commitLogCount = 500;
  /** zxid of the snapshot the database was loaded from, and txns replayed after it. */
  loadedFrom: { snapshotZxid: number; replayed: number; tornBytes: number; holes: [number, number][] } = {
    snapshotZxid: 0,
    replayed: 0,
    tornBytes: 0,
    holes: [],
  };

  constructor(
    private readonly disk: Disk,
    dataDir: string,
    dataLogDir: string,
    private readonly treeOptions: DataTreeOptions = {},
  ) {
    this.tree = new DataTree(treeOptions);
    this.log = new FileTxnLog(disk, dataLogDir);
    this.snap = new FileSnap(disk, dataDir);
  }

  get lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  /** Restore from disk: snapshot, then the log after it. Returns the last zxid. */
  loadDataBase(): number {
    this.tree = new DataTree(this.treeOptions);
    this.sessionsWithTimeouts.clear();
    this.committedLog = [];
    const found = this.snap.findMostRecent();
    let snapZxid = 0;
    if (found) {
      this.tree = DataTree.deserialize(found.content.tree as DataTreeSnapshot, this.treeOptions);
      for (const [id, to] of found.content.sessions) this.sessionsWithTimeouts.set(id, to);
      snapZxid = found.content.zxid;
      this.tree.lastProcessedZxid = snapZxid;
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

  /** ZKDatabase.fastForwardDataBase: apply the logged txns above the tree's last zxid. */
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

  /**
   * TRUNC: cut the log after zxid (and drop snapshots beyond it, which would otherwise bring
   * the cut txns back), then reload. Returns the files to fsync.
   */
  truncateLog(zxid: number): string[] {
    for (const f of this.snap.files()) if (parseInt(f.slice(f.lastIndexOf('.') + 1), 16) > zxid) this.disk.delete(f);
    const changed = this.log.truncate(zxid);
    this.loadDataBase();
    return changed;
  }

  /** SNAP: the leader's state replaces ours (the log is kept; a snapshot at zxid is written). */
  restoreSnapshot(tree: DataTreeSnapshot, sessions: [bigint, number][], zxid: number): string[] {
    this.tree = DataTree.deserialize(tree, this.treeOptions);
    this.tree.lastProcessedZxid = zxid;
    this.sessionsWithTimeouts.clear();
    for (const [id, to] of sessions) this.sessionsWithTimeouts.set(id, to);
    this.committedLog = [];
    this.historyBase = zxid;
    // Txns of ours above the snapshot are not the leader's history: they must never be
    // replayed on top of it after a restart. (Below it they are never replayed.)
    return this.log.truncate(zxid);
  }

  /** Append a txn to the log (durable once the file is fsynced). */
  append(t: LoggedTxn): string {
    return this.log.append(t);
  }

  rollLog(): void {
    this.log.rollLog();
  }

  /** Write a snapshot of the tree as it is now, all at once; returns its file (the caller fsyncs it). */
  takeSnapshot(): string {
    return this.snap.write({
      zxid: this.tree.lastProcessedZxid,
      sessions: [...this.sessionsWithTimeouts],
      tree: this.tree.serialize(),
    });
  }

  /** Begin a fuzzy snapshot (step it until done, then writeSnapshot). */
  startSnapshot(chunk = 16): FuzzySnapshot {
    return new FuzzySnapshot(() => this.tree, this.sessionsWithTimeouts, chunk);
  }

  /** Write a finished fuzzy snapshot; returns its file (the caller fsyncs it). */
  writeSnapshot(snap: FuzzySnapshot): string {
    return this.snap.write(snap.content());
  }
}
