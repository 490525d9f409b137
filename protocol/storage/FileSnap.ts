// FileSnap: snapshots of the data tree and the session table, named snapshot.<hex zxid> under
// <dataDir>/version-2, with a checksum trailer as 3.8 writes one. A snapshot whose checksum
// does not match (torn by a crash before its fsync completed) is skipped on load, and the
// next older one is used. FileSnap.serialize writes through SnapStream.getOutputStream(file,
// fsync): with fsync (a SNAP sync's snapshot) an AtomicFileOutputStream — a .tmp file, fsynced,
// renamed into place — and without (every other snapshot) a FileOutputStream straight onto
// snapshot.<zxid>, which only the kernel's writeback makes durable.
import type { Disk } from '../actor.ts';
import { decodeBody, deepFreeze, encodeBody } from './json.ts';

export interface SnapshotContent {
  /** zxid the snapshot was started at (its name). */
  zxid: number;
  sessions: [bigint, number][];
  tree: unknown;
}

/** Snapshot texts of at least this many characters are remembered, one at a time, once decoded. */
const LARGE_SNAPSHOT_CHARS = 1 << 20;
let lastLarge: { text: string; content: SnapshotContent } | undefined;

export class FileSnap {
  readonly dir: string;
  constructor(
    private readonly disk: Disk,
    dataDir: string,
  ) {
    this.dir = `${dataDir}/version-2`;
  }

  /** Snapshot files, newest first. */
  files(): string[] {
    const prefix = `${this.dir}/snapshot.`;
    return this.disk
      .list(prefix)
      .filter((f) => /^[0-9a-f]+$/.test(f.slice(prefix.length)))
      .sort((a, b) => parseInt(b.slice(prefix.length), 16) - parseInt(a.slice(prefix.length), 16));
  }

  static fileName(dir: string, zxid: number): string {
    return `${dir}/snapshot.${zxid.toString(16)}`;
  }

  /** A snapshot file's text: the content and its checksum trailer. */
  static text(content: SnapshotContent): string {
    const { body, sum } = encodeBody(content);
    return `${body}\n${sum.toString(16)}\n`;
  }

  /** Write a snapshot in place (FileOutputStream); returns its file, durable once written back or fsynced. */
  write(content: SnapshotContent): string {
    const file = FileSnap.fileName(this.dir, content.zxid);
    this.disk.write(file, FileSnap.text(content));
    return file;
  }

  /**
   * AtomicFileOutputStream: write snapshot.<zxid>.tmp and return it; the caller fsyncs it and
   * then finishAtomic renames it over snapshot.<zxid>.
   */
  writeAtomic(content: SnapshotContent): { tmp: string; file: string } {
    const file = FileSnap.fileName(this.dir, content.zxid);
    const tmp = `${file}.tmp`;
    this.disk.write(tmp, FileSnap.text(content));
    return { tmp, file };
  }

  finishAtomic(w: { tmp: string; file: string }): void {
    if (this.disk.exists(w.tmp)) this.disk.rename(w.tmp, w.file);
  }

  /** A snapshot file's length (File.length()). */
  length(file: string): number {
    return this.disk.read(file)?.length ?? 0;
  }

  /** The newest snapshot whose checksum holds, or undefined. */
  findMostRecent(): { file: string; content: SnapshotContent } | undefined {
    for (const file of this.files()) {
      const content = FileSnap.read(this.disk.read(file) ?? '');
      if (content) return { file, content };
    }
    return undefined;
  }

  static read(text: string): SnapshotContent | undefined {
    // A large snapshot read again (every server of an ensemble seeded with one, or restarted):
    // the same text, so the same value, decoded once and frozen — DataTree shares the nodes of
    // a frozen snapshot's trees (SHARED_LOAD). Any other text is checked and parsed as below.
    const last = lastLarge;
    if (last !== undefined && text === last.text) return last.content;
    const content = FileSnap.decode(text);
    if (content !== undefined && text.length >= LARGE_SNAPSHOT_CHARS)
      lastLarge = { text, content: deepFreeze(content) };
    return content;
  }

  private static decode(text: string): SnapshotContent | undefined {
    const nl = text.lastIndexOf('\n', text.length - 2);
    if (nl < 0 || !text.endsWith('\n')) return undefined;
    const body = text.slice(0, nl);
    const sum = text.slice(nl + 1, -1);
    // The trailer must be the checksum's hex as written (an Adler-32 printed by toString(16)).
    const n = parseInt(sum, 16);
    if (n.toString(16) !== sum) return undefined;
    return decodeBody(body, n) as SnapshotContent | undefined;
  }
}
