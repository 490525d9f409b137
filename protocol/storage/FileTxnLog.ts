// FileTxnLog: the transaction log on a node's disk. As in ZooKeeper, a log file is named
// log.<hex zxid of its first txn> under <dataLogDir>/version-2, and every record carries a
// checksum. Here a record is one line: "<adler32 hex> <length> <json>\n". Reading stops at the
// first record whose checksum or length does not match: a torn tail from a crash mid-write,
// which recovery truncates away. As 3.8's FileTxnLog, an instance starts a new file at its first
// append (FileTxnLog.append: logStream == null → "Creating new log file"): a restart, a TRUNC
// (FileTxnSnapLog.truncateLog opens a new FileTxnLog) and rollLog each begin one. A file's
// length on a real disk includes FilePadding's preallocation (64 MB blocks): fileLength.
import type { Disk } from '../actor.ts';
import type { LoggedTxn } from '../server/txn.ts';
import { zxidHex } from '../zxid.ts';
import { decodeBody, encodeFramed } from './json.ts';

export type TxnRecord = LoggedTxn;

/** A record's frame: "<adler32 hex> <body length> <body>\n". */
const recordFrame = (body: string, sum: number) => `${sum.toString(16)} ${body.length} ${body}\n`;

export function encodeRecord(txn: TxnRecord): string {
  return encodeFramed(txn, recordFrame);
}

export interface LogScan {
  records: TxnRecord[];
  /** Length of the valid prefix of the file. */
  validLength: number;
  /** Bytes after the valid prefix (a torn or corrupt tail). */
  tornBytes: number;
}

/** Parse a log file's text, stopping at the first bad record. */
export function scanLog(text: string): LogScan {
  const records: TxnRecord[] = [];
  let pos = 0;
  while (pos < text.length) {
    const sp1 = text.indexOf(' ', pos);
    const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
    if (sp2 < 0) break;
    const sum = parseInt(text.slice(pos, sp1), 16);
    const len = Number(text.slice(sp1 + 1, sp2));
    if (!Number.isInteger(len) || len < 0) break;
    const end = sp2 + 1 + len;
    if (end >= text.length || text[end] !== '\n') break;
    const body = text.slice(sp2 + 1, end);
    // The checksum over the body, then its JSON (both skipped for a body this process wrote: json.ts).
    const txn = decodeBody(body, sum) as TxnRecord | undefined;
    if (txn === undefined) break;
    records.push(txn);
    pos = end + 1;
  }
  return { records, validLength: pos, tornBytes: text.length - pos };
}

/** FileTxnLog's preAllocSize (zookeeper.preAllocSize, 65536 KB): log files grow in these steps. */
export const PRE_ALLOC_SIZE = 64 * 1024 * 1024;
/** The FileHeader (magic, version, dbid) at the start of every log file: 16 bytes. */
const FILE_HEADER_BYTES = 16;

/**
 * FilePadding.calculateFileSizeWithPadding applied as FileTxnLog.append does before each
 * record: the length a log file holding `bytes` bytes of records has on disk, its preallocated
 * tail included (a file is created with its header and padded to 64 MB at its first append).
 */
export function paddedLength(bytes: number): number {
  const position = FILE_HEADER_BYTES + bytes;
  let size = FILE_HEADER_BYTES;
  while (position + 4096 >= size) {
    if (position > size) {
      size = position + PRE_ALLOC_SIZE;
      size -= size % PRE_ALLOC_SIZE;
    } else size += PRE_ALLOC_SIZE;
  }
  return size;
}

/**
 * What TxnLogProposalIterator reads for a learner's sync (FileTxnLog.FileTxnIterator with
 * fastForward false): the files from the newest one starting at or below startZxid, read from
 * its first record on; storageSize is FileTxnIterator.getStorageSize — the lengths of the files
 * still to be read after that first one (init() has already taken it off storedFiles).
 */
export interface TxnLogRead {
  records: TxnRecord[];
  storageSize: number;
}

export class FileTxnLog {
  readonly dir: string;
  private current: string | undefined;

  constructor(
    private readonly disk: Disk,
    dataLogDir: string,
  ) {
    this.dir = `${dataLogDir}/version-2`;
  }

  static fileName(dir: string, firstZxid: number): string {
    return `${dir}/log.${firstZxid.toString(16)}`;
  }

  /** The log files, oldest first (by the zxid in their names). */
  files(): string[] {
    const prefix = `${this.dir}/log.`;
    return this.disk
      .list(prefix)
      .filter((f) => /^[0-9a-f]+$/.test(f.slice(prefix.length)))
      .sort((a, b) => parseInt(a.slice(prefix.length), 16) - parseInt(b.slice(prefix.length), 16));
  }

  /** Every valid txn, in log order. Cuts a torn tail off the last file (recovery). */
  readAll(repair = true): TxnRecord[] {
    const out: TxnRecord[] = [];
    for (const f of this.files()) {
      const scan = scanLog(this.disk.read(f) ?? '');
      for (const r of scan.records) out.push(r);
      if (scan.tornBytes > 0 && repair) this.disk.truncate(f, scan.validLength);
    }
    return out;
  }

  lastLoggedZxid(): number {
    const all = this.readAll(false);
    return all.length === 0 ? 0 : all[all.length - 1]!.hdr.zxid;
  }

  /**
   * FileTxnLog.append (not durable until commit() / fsync completes): the first append of this
   * instance, or the first after rollLog, creates log.<its zxid>.
   */
  append(txn: TxnRecord): string {
    if (this.current === undefined) this.current = FileTxnLog.fileName(this.dir, txn.hdr.zxid);
    this.disk.append(this.current, encodeRecord(txn));
    return this.current;
  }

  /** The file appended to now (FileTxnLog.logFileWrite), if any. */
  get currentFile(): string | undefined {
    return this.current;
  }

  /** The valid records of one log file. */
  records(file: string): TxnRecord[] {
    return scanLog(this.disk.read(file) ?? '').records;
  }

  /** A log file's length on disk, its preallocation included (File.length()). */
  fileLength(file: string): number {
    const text = this.disk.read(file);
    return text === undefined ? 0 : paddedLength(text.length);
  }

  /** The zxid a log file's name says it starts at. */
  private static startOf(file: string): number {
    return parseInt(file.slice(file.lastIndexOf('.') + 1), 16);
  }

  /**
   * new FileTxnIterator(logDir, startZxid, false), as ZKDatabase.getProposalsFromTxnLog opens
   * it: init() takes every file starting at or after startZxid and the newest one before it,
   * then reads the oldest of those first. Nothing checks that one file's txns lead on to the
   * next one's, or that a file has no holes (ZOOKEEPER-2846).
   */
  readFrom(startZxid: number): TxnLogRead {
    const stored: string[] = [];
    for (const f of [...this.files()].reverse()) {
      stored.push(f);
      if (FileTxnLog.startOf(f) < startZxid) break;
    }
    stored.reverse();
    const [, ...rest] = stored;
    const records: TxnRecord[] = [];
    for (const f of stored) for (const r of scanLog(this.disk.read(f) ?? '').records) records.push(r);
    return { records, storageSize: rest.reduce((n, f) => n + this.fileLength(f), 0) };
  }

  /**
   * Drop every txn after zxid (TRUNC from a leader): files that start after it go, the one
   * holding it is cut right after it. Returns the files changed (to fsync). FileTxnLog.truncate
   * fails ("No log files found to truncate!") when there is no log file at all.
   */
  truncate(zxid: number): string[] {
    const changed: string[] = [];
    for (const f of this.files()) {
      const text = this.disk.read(f) ?? '';
      const scan = scanLog(text);
      if (scan.records.length > 0 && scan.records[0]!.hdr.zxid > zxid) {
        this.disk.delete(f);
        continue;
      }
      let keep = 0;
      let pos = 0;
      for (const r of scan.records) {
        if (r.hdr.zxid > zxid) break;
        pos += encodeRecord(r).length;
        keep++;
      }
      if (keep < scan.records.length || scan.tornBytes > 0) {
        this.disk.truncate(f, pos);
        changed.push(f);
      }
    }
    this.current = undefined;
    return changed;
  }

  /** Start a new log file at the next append (rollLog). */
  rollLog(): void {
    this.current = undefined;
  }

  describe(zxid: number): string {
    return `${this.dir}/log.${zxidHex(zxid).slice(2)}`;
  }
}
