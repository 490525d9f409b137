// Writing result files from the CLI: checked before the run (the directory exists and files can
// be created in it — tried, since permission bits do not say it for root, /proc or a read-only
// mount), written to a temporary name and renamed, so a failure never leaves half a file under
// the real name. A path that cannot be written is one line naming the flag (UsageError, exit 2).
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from './args.ts';

const reason = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** A directory that must exist already. */
function checkDir(flag: string, dir: string): void {
  if (!existsSync(dir)) throw new UsageError(`${flag}: directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
}

/** Files can be created in `dir`: create one and remove it. */
function probeDir(flag: string, dir: string): void {
  const probe = join(dir, `.zksim-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (e) {
    throw new UsageError(`${flag}: cannot write in ${dir} (${reason(e)})`);
  }
}

/** FILE of a flag: its directory exists and takes new files; FILE itself is not a directory. */
export function checkWritable(flag: string, path: string): void {
  const dir = dirname(path);
  checkDir(flag, dir);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag}: ${path} is a directory`);
  probeDir(flag, dir);
}

/** DIR of a flag that is made when the run is over (--report): it is a directory that takes files, or can be made. */
export function checkMakeableDir(flag: string, dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
    probeDir(flag, dir);
    return;
  }
  checkDir(flag, dirname(dir));
  try {
    mkdirSync(dir);
    rmdirSync(dir);
  } catch (e) {
    throw new UsageError(`${flag}: cannot make ${dir} (${reason(e)})`);
  }
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** --out DIR: made now if its parent exists; it must take files. */
export function ensureOutDir(flag: string, dir: string): void {
  if (!existsSync(dir)) {
    checkDir(flag, dirname(dir));
    try {
      mkdirSync(dir);
    } catch (e) {
      throw new UsageError(`${flag}: cannot make ${dir} (${reason(e)})`);
    }
  } else if (!statSync(dir).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
  probeDir(flag, dir);
}
