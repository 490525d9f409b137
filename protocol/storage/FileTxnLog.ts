// FileTxnLog: the transaction log on a node's disk. As in ZooKeeper, a log file is named
// log.<hex zxid of its first txn> under <dataLogDir>/version-2, and every record carries a
// checksum. Here a record is one line: "<adler32 hex> <length> <json>\n". Reading stops at the
// first record whose checksum or length does not match: a torn tail from a crash mid-write,
// which recovery truncates away.
import type { Disk } from '../actor.ts';
import type { LoggedTxn } from '../server/txn.ts';
import { zxidHex } from '../zxid.ts';
import { adler32 } from './checksum.ts';
import { fromJson, toJson } from './json.ts';

export type TxnRecord = LoggedTxn;

export function encodeRecord(txn: TxnRecord): string {
  const body = toJson(txn);
  return `${adler32(body).toString(16)} ${body.length} ${body}\n`;
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
    if (adler32(body) !== sum) break;
    let txn: TxnRecord;
    try {
      txn = fromJson(body) as TxnRecord;
    } catch {
      break;
    }
    records.push(txn);
    pos = end + 1;
  }
  return { records, validLength: pos, tornBytes: text.length - pos };
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

  /** Append a txn (not durable until commit() / fsync completes). */
  append(txn: TxnRecord): string {
    if (this.current === undefined) {
      const files = this.files();
      this.current = files.length > 0 ? files[files.length - 1]! : FileTxnLog.fileName(this.dir, txn.hdr.zxid);
    }
    this.disk.append(this.current, encodeRecord(txn));
    return this.current;
  }

  /**
   * Drop every txn after zxid (TRUNC from a leader): files that start after it go, the one
   * holding it is cut right after it. Returns the files changed (to fsync).
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
