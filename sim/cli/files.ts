// Writing result files from the CLI: checked first (the directory exists), written to a
// temporary name and renamed, so a failure never leaves half a file under the real name.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args.ts';

export function checkWritable(flag: string, path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`${flag}: directory ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag}: ${path} is a directory`);
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** --out DIR: created if its parent exists. */
export function ensureOutDir(flag: string, dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
    return;
  }
  const parent = dirname(dir);
  if (!existsSync(parent)) throw new UsageError(`${flag}: directory ${parent} does not exist`);
  mkdirSync(dir);
}
