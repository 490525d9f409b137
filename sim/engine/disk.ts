// A node's simulated disk. Each file has its current content (what reads see, the page cache)
// and its durable content (what survives a crash). fsync completes later, after a seeded
// latency, and makes durable what was written before it was called. A crash throws away every
// unsynced write; with torn tails on, it may keep a prefix of the unsynced appended bytes,
// which the protocol's record checksums must catch.
import type { Disk } from '../../protocol/actor.ts';
import type { Rng } from './random.ts';
import type { DiskOp } from './trace-events.ts';

interface SimFile {
  cur: string;
  dur: string;
  /** The file exists after a crash (it was synced, or renamed into place). */
  durable: boolean;
  /** fsyncs issued on this file, and the latest one whose completion was applied. */
  syncsIssued: number;
  syncApplied: number;
}

export interface DiskOptions {
  fsyncMinMs: number;
  fsyncMaxMs: number;
  /** Probability that a crash keeps a torn prefix of the unsynced tail of an appended file. */
  tornTailChance: number;
}

export const defaultDiskOptions: DiskOptions = { fsyncMinMs: 0.5, fsyncMaxMs: 4, tornTailChance: 0 };

/** An fsync's number on its disk (in the trace: `fsync-done` names it). */
export type FsyncToken = number;

export interface DiskHost {
  /**
   * Schedule completion of fsync `token` after `delayUs`: then the host calls `complete()`
   * (the data is durable), and `then()` if given (whoever waits for it).
   */
  scheduleFsync(token: FsyncToken, delayUs: number, complete: () => void, then?: () => void): void;
  traceDisk(op: DiskOp, file: string, bytes: number): void;
  /** Global time until which fsyncs stall (a disk fault), or 0. */
  stallUntilUs(): number;
  nowUs(): number;
}

export class SimDisk implements Disk {
  private files = new Map<string, SimFile>();
  private nextToken = 1;
  host: DiskHost | undefined;

  constructor(
    private readonly rng: Rng,
    public options: DiskOptions = defaultDiskOptions,
  ) {}

  private file(name: string): SimFile {
    let f = this.files.get(name);
    if (!f) {
      f = { cur: '', dur: '', durable: false, syncsIssued: 0, syncApplied: 0 };
      this.files.set(name, f);
    }
    return f;
  }

  read(file: string): string | undefined {
    return this.files.get(file)?.cur;
  }
  exists(file: string): boolean {
    return this.files.has(file);
  }
  list(prefix = ''): string[] {
    const out: string[] = [];
    for (const k of this.files.keys()) if (k.startsWith(prefix)) out.push(k);
    return out.sort();
  }
  append(file: string, data: string): void {
    const f = this.file(file);
    f.cur += data;
    this.host?.traceDisk('append', file, data.length);
  }
  write(file: string, data: string): void {
    this.file(file).cur = data;
    this.host?.traceDisk('write', file, data.length);
  }
  /** Make what `file` holds now durable after the disk's latency (and any stall); then `then()`. */
  fsync(file: string, then?: () => void): FsyncToken {
    const token = this.nextToken++;
    const f = this.file(file);
    const content = f.cur;
    const seq = ++f.syncsIssued;
    const o = this.options;
    let delayUs = Math.round(this.rng.between(o.fsyncMinMs, o.fsyncMaxMs) * 1000);
    const host = this.host;
    if (!host) throw new Error('disk is not attached to a node');
    const stall = host.stallUntilUs();
    if (stall > host.nowUs()) delayUs += stall - host.nowUs();
    host.traceDisk('fsync', file, content.length);
    host.scheduleFsync(
      token,
      delayUs,
      () => {
        // The file may have been renamed or deleted meanwhile: durability follows the object.
        // Durability only moves forward: a slower, earlier fsync finishing after a later one
        // changes nothing. A truncation after the fsync was issued shortens what it covers.
        if (seq <= f.syncApplied) return;
        f.syncApplied = seq;
        f.dur = content.length > f.cur.length && content.startsWith(f.cur) ? f.cur : content;
        f.durable = true;
      },
      then,
    );
    return token;
  }
  rename(from: string, to: string): void {
    const f = this.files.get(from);
    if (!f) throw new Error(`rename: no file ${from}`);
    this.files.delete(from);
    // The new name is durable at once (a synced directory); the content is as durable as its fsyncs made it.
    f.durable = true;
    this.files.set(to, f);
    this.host?.traceDisk('rename', `${from}>${to}`, f.cur.length);
  }
  truncate(file: string, length: number): void {
    const f = this.file(file);
    f.cur = f.cur.slice(0, length);
    if (f.dur.length > length) f.dur = f.dur.slice(0, length);
    this.host?.traceDisk('truncate', file, length);
  }
  delete(file: string): void {
    this.files.delete(file);
    this.host?.traceDisk('delete', file, 0);
  }

  /** What a crash now would leave, without a torn tail (no random draw): name → durable content. */
  durableFiles(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, f] of this.files) if (f.durable) out.set(name, f.dur);
    return out;
  }

  /** A clean exit: the kernel still has the page cache, so everything written survives. */
  flush(): void {
    for (const f of this.files.values()) {
      f.dur = f.cur;
      f.durable = true;
    }
  }

  /** The process died: lose every unsynced write (maybe keeping a torn tail). */
  crash(): void {
    for (const [name, f] of [...this.files]) {
      if (!f.durable) {
        this.files.delete(name);
        continue;
      }
      if (f.cur === f.dur) continue;
      let kept = f.dur;
      if (
        this.options.tornTailChance > 0 &&
        f.cur.length > f.dur.length + 1 &&
        f.cur.startsWith(f.dur) &&
        this.rng.chance(this.options.tornTailChance)
      ) {
        const extra = f.cur.length - f.dur.length;
        kept = f.cur.slice(0, f.dur.length + this.rng.int(1, extra - 1));
      }
      f.cur = kept;
      f.dur = kept;
    }
  }

  /** Test and scenario set-up: write a file as if it had been synced long ago. */
  seed(file: string, data: string): void {
    this.files.set(file, { cur: data, dur: data, durable: true, syncsIssued: 0, syncApplied: 0 });
  }

  /** Durable content of every file (for checkers and tests). */
  durableView(): Map<string, string> {
    const m = new Map<string, string>();
    for (const [k, f] of this.files) if (f.durable) m.set(k, f.dur);
    return m;
  }
}
