// Histories for the data-driven scripts: zxids written as ZooKeeper prints them (0x100000005)
// or as epoch.counter (1.5), ranges of one epoch (1.1-1.8), and a server's disk as a past run
// left it — its txn log, a snapshot, its epoch files — built with the protocol's own storage
// code (FileTxnLog records, FileSnap, the epoch file format).
import type { Disk } from '../../protocol/actor.ts';
import { Ids } from '../../protocol/data.ts';
import { DataTree } from '../../protocol/datatree/DataTree.ts';
import { type LoggedTxn, OpCode } from '../../protocol/server/txn.ts';
import { FileSnap } from '../../protocol/storage/FileSnap.ts';
import { encodeRecord } from '../../protocol/storage/FileTxnLog.ts';
import { epochOf, makeZxid, zxidHex } from '../../protocol/zxid.ts';
import { ScriptError } from './datadriven.ts';

/** `0x100000005`, `1.5` (epoch.counter) or a plain decimal. */
export function parseZxid(s: string, where: string): number {
  const m = /^(\d+)\.(\d+)$/.exec(s);
  if (m) return makeZxid(Number(m[1]), Number(m[2]));
  const n = s.startsWith('0x') ? Number.parseInt(s.slice(2), 16) : Number(s);
  if (!Number.isSafeInteger(n) || n < 0) throw new ScriptError(`${where}: '${s}' is not a zxid (0x100000005 or 1.5)`);
  return n;
}

/** A list of zxids and ranges: `1.1-1.8`, `2.1`, `0x100000001-0x100000003`. */
export function parseZxids(items: readonly string[], where: string): number[] {
  const out: number[] = [];
  for (const item of items) {
    const dash = item.indexOf('-');
    if (dash < 0) {
      out.push(parseZxid(item, where));
      continue;
    }
    const a = parseZxid(item.slice(0, dash), where);
    const b = parseZxid(item.slice(dash + 1), where);
    if (epochOf(a) !== epochOf(b) || b < a) throw new ScriptError(`${where}: '${item}' is not a range of one epoch`);
    for (let z = a; z <= b; z++) out.push(z);
  }
  for (let j = 1; j < out.length; j++)
    if (out[j]! <= out[j - 1]!) throw new ScriptError(`${where}: zxids must increase (${zxidHex(out[j]!)})`);
  return out;
}

/** The path a history txn creates: /h<epoch>.<counter>. */
export function historyPath(zxid: number): string {
  return `/h${epochOf(zxid)}.${zxid % 2 ** 32}`;
}

/** The txn of a history at zxid: a persistent create of its path, by no session. */
export function historyTxn(zxid: number): LoggedTxn {
  return {
    hdr: { clientId: 0n, cxid: 0, zxid, time: 1000, type: OpCode.create },
    txn: {
      type: OpCode.create,
      path: historyPath(zxid),
      data: null,
      acl: Ids.OPEN_ACL_UNSAFE,
      ephemeral: false,
      parentCVersion: -1,
    },
  };
}

/** A disk in memory whose writes are final (to build files for SimDisk.seed). */
export class MemDisk implements Disk {
  readonly files = new Map<string, string>();
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

export interface DiskHistory {
  /** The txns the server ever logged, in order. */
  zxids: number[];
  /**
   * A snapshot at this zxid (of the txns up to it); the log then holds only the txns after it.
   * Without one the disk has the snapshot.0 its first start wrote (FileTxnSnapLog.restore),
   * as every data dir a 3.8 server ran on has. 'none': no snapshot at all (they were deleted or
   * emptied, as ZOOKEEPER-2325 has it).
   */
  snap?: number | 'none';
  /** Where the log is split into files: a new log file starts at each of these zxids. */
  files?: number[];
  /** Epoch files; undefined: no such file. */
  accepted?: number;
  current?: number;
  /** A currentEpoch.tmp left by a write a crash cut short. */
  currentTmp?: number;
}

/** `snap=1.6`, `snap=none` (no snapshot) or absent (snapshot.0). */
export function parseSnap(v: string | undefined, where: string): { snap?: number | 'none' } {
  if (v === undefined) return {};
  return { snap: v === 'none' ? 'none' : parseZxid(v, where) };
}

/** The files of a data dir holding this history, as a past run left them (all durable). */
export function historyFiles(dataDir: string, h: DiskHistory): Map<string, string> {
  const disk = new MemDisk();
  const dir = `${dataDir}/version-2`;
  const snapAt = typeof h.snap === 'number' ? h.snap : undefined;
  const logged = h.zxids.filter((z) => snapAt === undefined || z > snapAt);
  let file: string | undefined;
  for (const z of logged) {
    if (file === undefined || h.files?.includes(z)) file = `${dir}/log.${z.toString(16)}`;
    disk.append(file, encodeRecord(historyTxn(z)));
  }
  if (h.snap === undefined)
    new FileSnap(disk, dataDir).write({ zxid: 0, sessions: [], tree: new DataTree().serialize() });
  else if (snapAt !== undefined) {
    const tree = new DataTree();
    for (const z of h.zxids.filter((x) => x <= snapAt)) {
      const t = historyTxn(z);
      tree.processTxn(t.hdr, t.txn);
    }
    tree.lastProcessedZxid = snapAt;
    new FileSnap(disk, dataDir).write({ zxid: snapAt, sessions: [], tree: tree.serialize() });
  }
  if (h.accepted !== undefined) disk.write(`${dir}/acceptedEpoch`, `${h.accepted}\n`);
  if (h.current !== undefined) disk.write(`${dir}/currentEpoch`, `${h.current}\n`);
  if (h.currentTmp !== undefined) disk.write(`${dir}/currentEpoch.tmp`, `${h.currentTmp}\n`);
  return disk.files;
}

/** zxids as short text: runs of one epoch collapsed (`0x100000001..0x100000008`). */
export function zxidRuns(zxids: readonly number[]): string {
  if (zxids.length === 0) return 'none';
  const parts: string[] = [];
  let start = zxids[0]!;
  let prev = start;
  const flush = () => parts.push(start === prev ? zxidHex(start) : `${zxidHex(start)}..${zxidHex(prev)}`);
  for (const z of zxids.slice(1)) {
    if (z === prev + 1 && epochOf(z) === epochOf(prev)) {
      prev = z;
      continue;
    }
    flush();
    start = prev = z;
  }
  flush();
  return parts.join(' ');
}
