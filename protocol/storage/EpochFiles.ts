// The acceptedEpoch and currentEpoch files of QuorumPeer: one number each, written
// atomically as 3.8's writeLongToFile does (write a temp file, fsync it, rename it in place).
import type { Disk } from '../actor.ts';

export const ACCEPTED_EPOCH = 'acceptedEpoch';
export const CURRENT_EPOCH = 'currentEpoch';
/** The two epoch files. */
export type EpochFile = typeof ACCEPTED_EPOCH | typeof CURRENT_EPOCH;

export class EpochFileError extends Error {}

export function epochPath(dataDir: string, name: string): string {
  return `${dataDir}/version-2/${name}`;
}

/** readLongFromFile: undefined when the file does not exist; an error when it is not a number. */
export function readEpoch(disk: Disk, dataDir: string, name: string): number | undefined {
  const text = disk.read(epochPath(dataDir, name));
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new EpochFileError(`${name} file is corrupt: '${t.slice(0, 20)}'`);
  return Number(t);
}

/**
 * writeLongToFile: tmp + fsync + rename. Writes the temp file and returns it: the caller
 * fsyncs it and renames once that completes (finishEpochWrite), so the file changes
 * atomically and only once durable.
 */
export function beginEpochWrite(disk: Disk, dataDir: string, name: string, value: number): string {
  const tmp = `${epochPath(dataDir, name)}.tmp`;
  disk.write(tmp, `${value}\n`);
  return tmp;
}

export function finishEpochWrite(disk: Disk, dataDir: string, name: string): void {
  const path = epochPath(dataDir, name);
  disk.rename(`${path}.tmp`, path);
}
