// FileSnap: snapshots of the data tree and the session table, named snapshot.<hex zxid> under
// <dataDir>/version-2, with a checksum trailer as 3.8 writes one. A snapshot whose checksum
// does not match (torn by a crash before its fsync completed) is skipped on load, and the
// next older one is used.
import type { Disk } from '../actor.ts';
import { adler32 } from './checksum.ts';
import { fromJson, toJson } from './json.ts';

export interface SnapshotContent {
  /** zxid the snapshot was started at (its name). */
  zxid: number;
  sessions: [bigint, number][];
  tree: unknown;
}

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

  /** Write a snapshot; returns its file, durable once the caller's fsync of it completes. */
  write(content: SnapshotContent): string {
    const body = toJson(content);
    const file = `${this.dir}/snapshot.${content.zxid.toString(16)}`;
    this.disk.write(file, `${body}\n${adler32(body).toString(16)}\n`);
    return file;
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
    const nl = text.lastIndexOf('\n', text.length - 2);
    if (nl < 0 || !text.endsWith('\n')) return undefined;
    const body = text.slice(0, nl);
    const sum = text.slice(nl + 1, -1);
    if (adler32(body).toString(16) !== sum) return undefined;
    try {
      return fromJson(body) as SnapshotContent;
    } catch {
      return undefined;
    }
  }
}
