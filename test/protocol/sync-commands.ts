// LearnerHandler.syncFollower (protocol/zab/LearnerHandler.ts) as a table: the leader's database
// — its txn log on disk, the snapshot its tree was built on, the committed log in memory — and a
// learner's last zxid in, the decision (DIFF / TRUNC / TRUNC+DIFF / SNAP) and its packets out.
//
//   leader log=(1.1-1.8) [snap=1.6] [files=(1.5)] [committed=N]
//       the leader's disk as a past run left it (history.ts), loaded as a restart loads it
//       (ZKDatabase.loadDataBase: the snapshot, then the log after it; the txns replayed form
//       the committedLog); committed=N keeps only the last N of them in the committedLog, as
//       3.8's commitLogCount (500) does for a long log; files= starts a new log file at each of
//       those zxids. Prints what syncFollower reads, the log files' (preallocated) lengths and
//       calculateTxnLogSizeLimit.
//   sync peer=ZXID [bug=ZK-1154|ZK-2846]
//       syncFollower(peerLastZxid): the mode, the packets, the zxid the learner ends at
import type { BugId } from '../../protocol/bugs.ts';
import { ZKDatabase } from '../../protocol/storage/ZKDatabase.ts';
import { syncFollower } from '../../protocol/zab/LearnerHandler.ts';
import type { QuorumPacket } from '../../protocol/zab/packets.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import { type Args, type Directive, ScriptError } from './datadriven.ts';
import { MemDisk, historyFiles, parseSnap, parseZxid, parseZxids, zxidRuns } from './history.ts';

export interface SyncSession {
  db: ZKDatabase | undefined;
}

export type SyncCommand = (a: Args, d: Directive, s: SyncSession) => string;

const DIR = '/data';

function describe(db: ZKDatabase): string {
  const log = db.log.readAll(false).map((t) => t.hdr.zxid);
  const files = db.log.files().map((f) => {
    const zxids = db.log.records(f).map((t) => t.hdr.zxid);
    return `${f.slice(f.lastIndexOf('/') + 1)} (${zxidRuns(zxids)}; ${db.log.fileLength(f)} bytes)`;
  });
  const snap = db.snap.findMostRecent();
  return [
    `lastProcessedZxid=${zxidHex(db.lastProcessedZxid)} minCommittedLog=${zxidHex(db.minCommittedLog)} maxCommittedLog=${zxidHex(db.maxCommittedLog)}`,
    `committedLog: ${zxidRuns(db.committedLog.map((t) => t.hdr.zxid))}`,
    `txn log on disk: ${zxidRuns(log)}; snapshot: ${db.historyBase > 0 ? zxidHex(db.historyBase) : 'none'}`,
    `log files: ${files.join(', ') || 'none'}`,
    `newest snapshot: ${snap ? `${snap.file.slice(snap.file.lastIndexOf('/') + 1)} (${db.snap.length(snap.file)} bytes)` : 'none'}; txn log size limit: ${db.calculateTxnLogSizeLimit()} bytes`,
  ].join('\n');
}

const leader: SyncCommand = (a, _d, s) => {
  const zxids = parseZxids(a.list('log') ?? [], a.where);
  const snap = parseSnap(a.str('snap'), a.where);
  const files = a.list('files');
  const committed = a.int('committed');
  a.done();
  const disk = new MemDisk();
  const h = { zxids, ...snap, ...(files ? { files: parseZxids(files, a.where) } : {}) };
  for (const [f, text] of historyFiles(DIR, h)) disk.write(f, text);
  const db = new ZKDatabase(disk, DIR, DIR);
  db.loadDataBase();
  if (committed !== undefined) db.committedLog = db.committedLog.slice(Math.max(0, db.committedLog.length - committed));
  s.db = db;
  return describe(db);
};

function packetText(p: QuorumPacket): string {
  if (p.type === 'SNAP') return `SNAP ${zxidHex(p.zxid)} (${p.tree.nodes.length} znodes)`;
  return `${p.type} ${zxidHex((p as { zxid: number }).zxid)}`;
}

const sync: SyncCommand = (a, _d, s) => {
  if (!s.db) throw new ScriptError(`${a.where}: no leader database yet (leader log=... first)`);
  const peerArg = a.str('peer');
  if (peerArg === undefined) throw new ScriptError(`${a.where}: sync needs peer=ZXID`);
  const peer = parseZxid(peerArg, a.where);
  const bugs = new Set((a.list('bug') ?? []) as BugId[]);
  a.done();
  const plan = syncFollower(peer, s.db, bugs);
  const packets = plan.packets.map(packetText);
  // PROPOSAL/COMMIT pairs on one line each, after the op packet.
  const lines = [`${plan.mode}${plan.truncTo !== undefined ? ` to ${zxidHex(plan.truncTo)}` : ''}`];
  for (let j = 0; j < packets.length; j++) {
    const p = plan.packets[j]!;
    if (p.type === 'PROPOSAL' && plan.packets[j + 1]?.type === 'COMMIT') {
      lines.push(`  ${packets[j]}, ${packets[j + 1]}`);
      j++;
    } else lines.push(`  ${packets[j]}`);
  }
  lines.push(`learner at ${zxidHex(plan.lastZxid)}`);
  return lines.join('\n');
};

export const SYNC_COMMANDS: Record<string, SyncCommand> = { leader, sync };
