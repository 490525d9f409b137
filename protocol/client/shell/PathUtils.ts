// org.apache.zookeeper.common.PathUtils.validatePath: the client-side check the Java client
// makes before every call, with its exact messages (zkCli prints them as MalformedPathException).
import { IllegalArgumentException } from './java.ts';

/** Throws IllegalArgumentException when `path` is not a valid znode path. */
export function validatePath(path: string, isSequential = false): void {
  if (isSequential) path = `${path}1`;
  // the stack frame names the line of PathUtils.java (3.8.0) that throws
  const fail = (message: string, line: number) =>
    new IllegalArgumentException(message, [
      `org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:${line})`,
    ]);
  if (path.length === 0) throw fail('Path length must be > 0', 46);
  if (path[0] !== '/') throw fail('Path must start with / character', 49);
  if (path.length === 1) return;
  if (path[path.length - 1] === '/') throw fail('Path must not end with / character', 55);
  const reason = invalidReason(path);
  if (reason !== null) throw fail(`Invalid path string "${path}" caused by ${reason}`, 91);
}

function invalidReason(path: string): string | null {
  let lastc = '/';
  for (let i = 1; i < path.length; lastc = path[i]!, i++) {
    const c = path[i]!;
    const code = path.charCodeAt(i);
    if (code === 0) return `null character not allowed @${i}`;
    if (c === '/' && lastc === '/') return `empty node name specified @${i}`;
    if (c === '.' && lastc === '.') {
      if (path[i - 2] === '/' && (i + 1 === path.length || path[i + 1] === '/'))
        return `relative paths not allowed @${i}`;
    } else if (c === '.') {
      if (path[i - 1] === '/' && (i + 1 === path.length || path[i + 1] === '/'))
        return `relative paths not allowed @${i}`;
    } else if (
      (code > 0 && code <= 0x1f) ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xd800 && code <= 0xf8ff) ||
      code >= 0xfff0
    ) {
      return `invalid character @${i}`;
    }
  }
  return null;
}
