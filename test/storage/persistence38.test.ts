// ZKDatabase over FileTxnSnapLog as 3.8 has it (issue 12, items 7 and 8): what restore does with
// no snapshot (FileTxnSnapLog.restore: snapshot.0 on a first start, a refusal with log entries —
// ZOOKEEPER-2325's fix), that truncateLog keeps snapshots newer than the cut, how save writes a
// snapshot with and without syncSnap (SnapStream.getOutputStream: AtomicFileOutputStream or a
// FileOutputStream), getProposalsFromTxnLog's limits, and ZKDatabase.txnCount across
// SyncRequestProcessors. ZK-2325 in an ensemble: test/protocol/testdata/zk-2325.txt, where
// zxid-order fires on what the server replayed onto an empty tree.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../protocol/actor.ts';
import type { Request } from '../../protocol/server/Request.ts';
import { SyncRequestProcessor, type SyncTarget } from '../../protocol/server/SyncRequestProcessor.ts';
import { PRE_ALLOC_SIZE, paddedLength } from '../../protocol/storage/FileTxnLog.ts';
import { MissingSnapshotError, ZKDatabase } from '../../protocol/storage/ZKDatabase.ts';
import { makeZxid } from '../../protocol/zxid.ts';
import { MemDisk, historyFiles, historyTxn } from '../protocol/history.ts';
import type { BugId } from '../../protocol/bugs.ts';
import { dataDir, installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { World } from '../../sim/engine/world.ts';
import { ZxidOrderChecker } from '../../sim/checkers/zxid-order.ts';

const DIR = '/data';
const z = makeZxid;

function db(
  files: Map<string, string> | MemDisk = new MemDisk(),
  opts: ConstructorParameters<typeof ZKDatabase>[3] = {},
) {
  const disk = files instanceof MemDisk ? files : new MemDisk();
  if (!(files instanceof MemDisk)) for (const [f, t] of files) disk.write(f, t);
  return { disk, db: new ZKDatabase(disk, DIR, DIR, opts) };
}

describe('FileTxnSnapLog.restore (ZKDatabase.loadDataBase)', () => {
  it('a first start (no snapshot, no log) writes snapshot.0 without fsync and loads zxid 0', () => {
    const synced: string[] = [];
    const { disk, db: d } = db(new MemDisk(), {
      fsync: (f, done) => {
        synced.push(f);
        done();
      },
    });
    expect(d.loadDataBase()).toBe(0);
    expect(disk.list(`${DIR}/version-2/snapshot.`)).toEqual([`${DIR}/version-2/snapshot.0`]);
    // save(dt, sessions, false): written in place, then only the kernel's writeback.
    expect(synced).toEqual([`${DIR}/version-2/snapshot.0`]);
  });

  it('log files but no valid snapshot: "No snapshot found, but there are log entries" (the fix of ZOOKEEPER-2325)', () => {
    const files = historyFiles(DIR, { zxids: [z(1, 6), z(1, 7), z(1, 8)], snap: 'none' });
    expect(() => db(files).db.loadDataBase()).toThrow(MissingSnapshotError);
    // With ZK-2325 the log is replayed onto an empty tree: zxid-order's hole from 0x0.
    const { db: d } = db(files, { restoreWithoutSnapshot: true });
    expect(d.loadDataBase()).toBe(z(1, 8));
    expect(d.loadedFrom.holes).toEqual([[0, z(1, 6)]]);
    expect(d.tree.getNode('/h1.5')).toBeUndefined();
  });

  it('truncateLog cuts the log but keeps a newer snapshot, and reloads from it (FileTxnSnapLog.truncateLog)', () => {
    const disk = new MemDisk();
    for (const [f, t] of historyFiles(DIR, { zxids: [1, 2, 3, 4, 5, 6, 7].map((c) => z(1, c)) })) disk.write(f, t);
    const { db: d } = db(disk);
    d.loadDataBase();
    d.save(false); // a lead() snapshot of 0x100000007, uncommitted tail and all
    expect(d.truncateLog(z(1, 5))).toEqual([`${DIR}/version-2/log.100000001`]);
    expect(
      d.log
        .readAll(false)
        .map((t) => t.hdr.zxid)
        .at(-1),
    ).toBe(z(1, 5));
    expect(disk.list(`${DIR}/version-2/snapshot.`)).toContain(`${DIR}/version-2/snapshot.100000007`);
    expect(d.lastProcessedZxid).toBe(z(1, 7));
    expect(d.tree.getNode('/h1.7')).toBeDefined();
    // No log file at all: "No log files found to truncate!" — truncateLog returns false.
    expect(db(new MemDisk()).db.truncateLog(z(1, 5))).toBeUndefined();
  });
});

describe('FileTxnSnapLog.save(dataTree, sessions, syncSnap)', () => {
  it('syncSnap: a .tmp fsynced, then renamed in place (AtomicFileOutputStream); otherwise in place, left to writeback', () => {
    const pending: (() => void)[] = [];
    const { disk, db: d } = db(new MemDisk(), { fsync: (_f, done) => pending.push(done) });
    d.loadDataBase();
    pending.length = 0;
    d.setlastProcessedZxid(z(1, 4));
    let durable = false;
    const file = d.save(true, () => (durable = true));
    expect(disk.exists(`${file}.tmp`)).toBe(true);
    expect(disk.exists(file)).toBe(false);
    pending.shift()!();
    expect(disk.exists(file) && !disk.exists(`${file}.tmp`) && durable).toBe(true);
    d.setlastProcessedZxid(z(1, 5));
    const inPlace = d.save(false);
    expect(disk.exists(inPlace)).toBe(true);
  });
});

describe('ZKDatabase.getProposalsFromTxnLog and calculateTxnLogSizeLimit (LearnerHandler.syncFollower)', () => {
  const eight = [1, 2, 3, 4, 5, 6, 7, 8].map((c) => z(1, c));

  it('log files are their preallocated length: 64 MB from the first txn (FilePadding)', () => {
    expect(paddedLength(100)).toBe(PRE_ALLOC_SIZE);
    expect(paddedLength(PRE_ALLOC_SIZE)).toBe(2 * PRE_ALLOC_SIZE);
  });

  it('within the newest log file the txns are read; when a 64 MB file is still to be read after it, none', () => {
    const { db: d } = db(historyFiles(DIR, { zxids: eight, files: [z(1, 5)] }));
    d.loadDataBase();
    const limit = d.calculateTxnLogSizeLimit();
    expect(limit).toBe(Math.floor(d.snap.length(`${DIR}/version-2/snapshot.0`) * 0.33));
    expect(d.getProposalsFromTxnLog(z(1, 6), limit).map((t) => t.hdr.zxid)).toEqual(eight.slice(4));
    expect(d.getProposalsFromTxnLog(z(1, 3), limit)).toEqual([]);
    // sizeLimit 0 (no snapshot file): no limit; negative (snapshotSizeFactor < 0): disabled.
    expect(d.getProposalsFromTxnLog(z(1, 3), 0).length).toBe(8);
    expect(d.getProposalsFromTxnLog(z(1, 6), -1)).toEqual([]);
  });

  it('the first txn read is after the peer: "Unable to find proposals from txnlog"', () => {
    const { db: d } = db(historyFiles(DIR, { zxids: eight, snap: z(1, 4) }));
    d.loadDataBase();
    expect(d.getProposalsFromTxnLog(z(1, 3), d.calculateTxnLogSizeLimit())).toEqual([]);
  });
});

describe('SyncRequestProcessor.shouldSnapshot counts in ZKDatabase (txnCount survives the processor)', () => {
  it('a new processor on a database already past snapCount/2 rolls the log and snapshots at its first append', () => {
    const { db: d } = db(new MemDisk());
    d.loadDataBase();
    let snapshots = 0;
    const target: SyncTarget = {
      append: (r: Request) => d.append({ hdr: r.hdr!, txn: r.txn! }),
      rollLog: () => d.rollLog(),
      txnCount: () => d.getTxnCount(),
      txnSize: () => d.getTxnSize(),
      takeSnapshot: () => snapshots++,
      flushed: () => {},
      synced: () => {},
    };
    const ctx = {
      random: () => 0,
      now: () => 0,
      currentElapsedTime: () => 0,
      fsync: () => {},
      close: () => {},
    } as unknown as Context;
    const req = (c: number): Request => {
      const t = historyTxn(z(1, c));
      return {
        sessionId: 0n,
        cxid: c,
        type: t.hdr.type,
        body: { op: 11 },
        cnxn: null,
        hdr: t.hdr,
        txn: t.txn,
        createTime: 0,
      };
    };
    // snapCount 10, randRoll 0: a snapshot once more than 5 txns were appended since the last roll.
    const first = new SyncRequestProcessor(ctx, target, 10);
    for (let c = 1; c <= 4; c++) first.processRequest(req(c));
    expect(snapshots).toBe(0);
    // The role ends; the next role's processor counts on from the database's 4.
    const second = new SyncRequestProcessor(ctx, target, 10);
    second.processRequest(req(5));
    expect(snapshots).toBe(0);
    second.processRequest(req(6));
    expect(snapshots).toBe(1);
    expect(d.getTxnCount()).toBe(0);
    expect(d.log.files().length).toBe(1);
    second.processRequest(req(7));
    expect(d.log.files().map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['log.100000001', 'log.100000007']);
  });
});

describe("ZOOKEEPER-2325 in an ensemble ('ZK-2325' has no campaign: no fault empties a snapshot)", () => {
  function run(bugs: BugId[]) {
    const world = new World(1);
    installEnsemble(world, { servers: 3, bugs });
    world.addChecker(new ZxidOrderChecker());
    const eight = [1, 2, 3, 4, 5, 6, 7, 8].map((c) => z(1, c));
    for (const sid of [1, 2, 3]) {
      const h = sid === 1 ? { zxids: eight, snap: z(1, 5) } : { zxids: eight };
      for (const [f, t] of historyFiles(dataDir(sid), h)) world.node(nodeName(sid)).disk.seed(f, t);
    }
    for (const sid of [1, 2, 3]) world.at(0, 'start', () => world.start(nodeName(sid)));
    world.run({ untilMs: 2000 });
    // s1 is shut down, its snapshots emptied (a full disk), and it restarts.
    world.crash(nodeName(1));
    const disk = world.node(nodeName(1)).disk;
    for (const f of disk.list(`${dataDir(1)}/version-2/snapshot.`)) disk.seed(f, '');
    world.at(world.nowMs + 10, 'restart', () => world.start(nodeName(1)));
    world.run({ untilMs: 6000 });
    return world;
  }

  it('with the bug s1 replays its log onto an empty tree and zxid-order fires; without it s1 refuses to start', () => {
    expect(run(['ZK-2325']).violations.map((v) => v.checker)).toEqual(['zxid-order']);
    const fixed = run([]);
    expect(fixed.violations).toEqual([]);
    expect(fixed.node(nodeName(1)).actor).toBeUndefined();
  });
});
