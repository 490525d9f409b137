// What a server would load if it crashed now and restarted: its durable files (no torn tail)
// loaded by ZKDatabase as a restart does, into a scratch copy — the world is not touched.
import type { Disk } from '../../protocol/actor.ts';
import type { Txn, TxnHeader } from '../../protocol/server/txn.ts';
import { MissingSnapshotError, ZKDatabase } from '../../protocol/storage/ZKDatabase.ts';
import type { SimDisk } from '../engine/disk.ts';

/** A disk in memory: writes land at once (nothing here fsyncs: loading only reads, truncates, renames). */
class ScratchDisk implements Disk {
  constructor(private readonly files: Map<string, string>) {}
  read(file: string): string | undefined {
    return this.files.get(file);
  }
  exists(file: string): boolean {
    return this.files.has(file);
  }
  list(prefix = ''): string[] {
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  append(file: string, data: string): void {
    this.files.set(file, (this.files.get(file) ?? '') + data);
  }
  write(file: string, data: string): void {
    this.files.set(file, data);
  }
  rename(from: string, to: string): void {
    const c = this.files.get(from);
    if (c === undefined) return;
    this.files.delete(from);
    this.files.set(to, c);
  }
  truncate(file: string, length: number): void {
    const c = this.files.get(file);
    if (c !== undefined) this.files.set(file, c.slice(0, length));
  }
  delete(file: string): void {
    this.files.delete(file);
  }
}

/**
 * The database a restart loads, noting the zxid of each txn it replays on top of its snapshot
 * (loadDataBase replays through processTxn every logged txn above the snapshot, in log order).
 */
class ViewDatabase extends ZKDatabase {
  readonly replayedZxids: number[] = [];
  override processTxn(hdr: TxnHeader, txn: Txn) {
    this.replayedZxids.push(hdr.zxid);
    return super.processTxn(hdr, txn);
  }
}

export interface RestartView {
  /** The zxid of the snapshot it would load from (0: none). */
  snapshotZxid: number;
  /** The txns it would replay on top of it, in order. */
  replayed: number[];
  lastZxid: number;
}

/**
 * Load the durable state of a server's disk as a restart would; undefined if it has no data
 * dir, or if the restart would refuse it (a log but no valid snapshot: FileTxnSnapLog.restore's
 * "No snapshot found, but there are log entries" — that server does not come back).
 */
export function restartView(disk: SimDisk): RestartView | undefined {
  const files = disk.durableFiles();
  const any = [...files.keys()].find((f) => f.includes('/version-2/'));
  if (any === undefined) return undefined;
  const dir = any.slice(0, any.indexOf('/version-2/'));
  const db = new ViewDatabase(new ScratchDisk(files), dir, dir);
  let lastZxid: number;
  try {
    lastZxid = db.loadDataBase();
  } catch (e) {
    if (e instanceof MissingSnapshotError) return undefined;
    throw e;
  }
  // The txns replayed are the log's (as the load repaired it) above the snapshot: read as the
  // load read them, not by a second pass over every log file.
  return { snapshotZxid: db.loadedFrom.snapshotZxid, replayed: db.replayedZxids, lastZxid };
}
