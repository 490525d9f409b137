// org.apache.zookeeper.common.PathUtils (3.8): znode path validation with the exact messages
// of IllegalArgumentException, plus the parent/child split DataTree does with lastIndexOf('/').

/** java.lang.IllegalArgumentException: what PathUtils, PathTrie and EphemeralType throw. */
export class IllegalArgumentError extends Error {
  override readonly name = 'IllegalArgumentException';
}

function isInvalidChar(c: number): boolean {
  return (
    (c > 0x0000 && c <= 0x001f) ||
    (c >= 0x007f && c <= 0x009f) ||
    (c >= 0xd800 && c <= 0xf8ff) ||
    (c >= 0xfff0 && c <= 0xffff)
  );
}

/**
 * PathUtils.validatePath(path, isSequential): a sequential path is validated with a "1"
 * appended (the counter the server adds).
 */
export function validatePath(path: string | null | undefined, isSequential = false): void {
  if (path === null || path === undefined) throw new IllegalArgumentError('Path cannot be null');
  validatePathExact(isSequential ? `${path}1` : path);
}

function validatePathExact(path: string): void {
  if (path.length === 0) throw new IllegalArgumentError('Path length must be > 0');
  if (path.charAt(0) !== '/') throw new IllegalArgumentError('Path must start with / character');
  if (path.length === 1) return; // the root
  if (path.charAt(path.length - 1) === '/') throw new IllegalArgumentError('Path must not end with / character');

  let reason: string | null = null;
  let lastc = '/';
  for (let i = 1; i < path.length; i++) {
    const c = path.charAt(i);
    const code = path.charCodeAt(i);
    if (code === 0) {
      reason = `null character not allowed @${i}`;
      break;
    } else if (c === '/' && lastc === '/') {
      reason = `empty node name specified @${i}`;
      break;
    } else if (c === '.' && lastc === '.') {
      if (path.charAt(i - 2) === '/' && (i + 1 === path.length || path.charAt(i + 1) === '/')) {
        reason = `relative paths not allowed @${i}`;
        break;
      }
    } else if (c === '.') {
      if (path.charAt(i - 1) === '/' && (i + 1 === path.length || path.charAt(i + 1) === '/')) {
        reason = `relative paths not allowed @${i}`;
        break;
      }
    } else if (isInvalidChar(code)) {
      reason = `invalid character @${i}`;
      break;
    }
    lastc = c;
  }
  if (reason !== null) throw new IllegalArgumentError(`Invalid path string "${path}" caused by ${reason}`);
}

/** True when validatePath accepts the path. */
export function isValidPath(path: string, isSequential = false): boolean {
  try {
    validatePath(path, isSequential);
    return true;
  } catch {
    return false;
  }
}

/**
 * The parent as DataTree computes it (path.substring(0, lastIndexOf('/'))), except that the
 * root's children get "/" rather than DataTree's internal "" alias. The root has no parent.
 */
export function getParent(path: string): string | null {
  if (path === '/') return null;
  const lastSlash = path.lastIndexOf('/');
  if (lastSlash < 0) return null;
  return lastSlash === 0 ? '/' : path.substring(0, lastSlash);
}

/** The last path component ("b" of "/a/b"); "" for the root. */
export function getChildName(path: string): string {
  return path.substring(path.lastIndexOf('/') + 1);
}

/** PathUtils.getTopNamespace: "a" for "/a/b/c", null for "/" (per-namespace metrics). */
export function getTopNamespace(path: string | null): string | null {
  if (path === null) return null;
  const parts = javaSplit(path, '/');
  return parts.length > 1 ? parts[1]! : null;
}

/** Java's String.split(literal) with limit 0: trailing empty strings are dropped. */
export function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '' && s.length > 0) return [];
  return parts;
}
