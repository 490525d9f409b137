// Quotas as 3.8 keeps them: org.apache.zookeeper.Quotas (the /zookeeper/quota layout),
// StatsTrack (the "count=..,bytes=.." strings of the limit and stats nodes), PathTrie (the
// quota'd paths, for the nearest-ancestor lookup) and ZooKeeperServer.checkQuota (the
// "Quota exceeded" check Prep runs when zookeeper.enforceQuota is set).
//
// Layout: a quota on /app lives in /zookeeper/quota/app/zookeeper_limits (the limits, set by
// setquota) and /zookeeper/quota/app/zookeeper_stats (count and bytes of the subtree, which
// DataTree keeps up to date in place: the stats node's data changes, its stat does not).
import { dataLength } from '../data.ts';
import { OpCode } from '../server/txn.ts';
import { IllegalArgumentError, javaSplit } from './PathUtils.ts';

export const procZookeeper = '/zookeeper';
export const quotaZookeeper = '/zookeeper/quota';
export const limitNode = 'zookeeper_limits';
export const statNode = 'zookeeper_stats';

export function quotaPath(path: string): string {
  return quotaZookeeper + path;
}
export function limitPath(path: string): string {
  return `${quotaZookeeper}${path}/${limitNode}`;
}
export function statPath(path: string): string {
  return `${quotaZookeeper}${path}/${statNode}`;
}

/** Java's StringIndexOutOfBoundsException, thrown where 3.8 would throw it. */
export class StringIndexOutOfBoundsError extends Error {
  override readonly name = 'StringIndexOutOfBoundsException';
}

/**
 * Quotas.trimQuotaPath: quotaPath.substring("/zookeeper/quota".length()). Like Java's
 * substring it throws on a shorter string (3.8.0's deleteNode calls it for any
 * zookeeper_limits node under /zookeeper).
 */
export function trimQuotaPath(path: string): string {
  if (path.length < quotaZookeeper.length) {
    throw new StringIndexOutOfBoundsError(`begin ${quotaZookeeper.length}, end ${path.length}, length ${path.length}`);
  }
  return path.substring(quotaZookeeper.length);
}

// ---- StatsTrack ------------------------------------------------------------------------

/** Long.parseLong; throws NumberFormatException's message otherwise. */
function parseLong(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`NumberFormatException: For input string: "${s}"`);
  const v = BigInt(s);
  if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new Error(`NumberFormatException: For input string: "${s}"`);
  return Number(v);
}

const COUNT = 'count';
const COUNT_HARD_LIMIT = 'countHardLimit';
const BYTES = 'bytes';
const BYTE_HARD_LIMIT = 'byteHardLimit';

/**
 * StatsTrack: key=value pairs separated by , or ; (a missing key reads as -1). toString
 * prints count and bytes first, then, if there are other keys, "=" and ";key=value" for each
 * in sorted order — so 3.8 writes limits as "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2".
 */
export class StatsTrack {
  private readonly stats = new Map<string, number>();

  /** Parses the node data; a null data (Java's NPE) or a malformed pair throws. */
  constructor(stat: string | null = '') {
    if (stat === null) throw new Error('NullPointerException: StatsTrack of null data');
    if (stat.length === 0) return;
    const pairs = stat.split(/[,;]+/);
    while (pairs.length > 0 && pairs[pairs.length - 1] === '') pairs.pop();
    for (const pair of pairs) {
      const kv = javaSplit(pair, '=');
      if (kv.length < 2) throw new Error(`ArrayIndexOutOfBoundsException: StatsTrack pair "${pair}"`);
      this.stats.set(kv[0]!, kv[1] === '' ? -1 : parseLong(kv[1]!));
    }
  }

  getCount(): number {
    return this.get(COUNT);
  }
  setCount(count: number): void {
    this.stats.set(COUNT, count);
  }
  getCountHardLimit(): number {
    return this.get(COUNT_HARD_LIMIT);
  }
  setCountHardLimit(count: number): void {
    this.stats.set(COUNT_HARD_LIMIT, count);
  }
  getBytes(): number {
    return this.get(BYTES);
  }
  setBytes(bytes: number): void {
    this.stats.set(BYTES, bytes);
  }
  getByteHardLimit(): number {
    return this.get(BYTE_HARD_LIMIT);
  }
  setByteHardLimit(bytes: number): void {
    this.stats.set(BYTE_HARD_LIMIT, bytes);
  }

  private get(key: string): number {
    return this.stats.get(key) ?? -1;
  }

  toString(): string {
    const keys = [...this.stats.keys()].filter((k) => k !== COUNT && k !== BYTES);
    let buf = `${COUNT}=${this.getCount()},${BYTES}=${this.getBytes()}`;
    if (keys.length > 0) {
      buf += '=';
      for (const key of keys.sort()) buf += `;${key}=${this.stats.get(key)}`;
    }
    return buf;
  }

  equals(other: StatsTrack): boolean {
    if (this.stats.size !== other.stats.size) return false;
    for (const [k, v] of this.stats) if (other.stats.get(k) !== v) return false;
    return true;
  }
}

// ---- PathTrie --------------------------------------------------------------------------

class TrieNode {
  readonly children = new Map<string, TrieNode>();
  property = false;
  constructor(
    public parent: TrieNode | null,
    readonly value: string,
  ) {}
}

/** Java's String.trim().isEmpty(): only chars <= U+0020. */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x20) return false;
  return true;
}

function splitPath(path: string): string[] {
  return javaSplit(path, '/').filter((t) => !isBlank(t));
}

/** org.apache.zookeeper.common.PathTrie: the quota'd paths. */
export class PathTrie {
  private readonly root = new TrieNode(null, '/');

  addPath(path: string): void {
    if (path.length === 0) throw new IllegalArgumentError(`Invalid path: ${path}`);
    let parent = this.root;
    for (const part of splitPath(path)) {
      let child = parent.children.get(part);
      if (child === undefined) {
        child = new TrieNode(parent, part);
        parent.children.set(part, child);
      }
      parent = child;
    }
    parent.property = true;
  }

  /** Clears the path's mark; the trie node goes only if it is a leaf (as in 3.8). */
  deletePath(path: string): void {
    if (path.length === 0) throw new IllegalArgumentError(`Invalid path: ${path}`);
    let node = this.root;
    for (const part of splitPath(path)) {
      const child = node.children.get(part);
      if (child === undefined) return;
      node = child;
    }
    const realParent = node.parent;
    if (realParent === null) return; // deletePath("/"): Java would NPE; nothing is ever marked there
    const child = realParent.children.get(node.value);
    if (child !== undefined) {
      child.property = false;
      if (child.children.size === 0) {
        child.parent = null;
        realParent.children.delete(node.value);
      }
    }
  }

  existsNode(path: string): boolean {
    if (path.length === 0) throw new IllegalArgumentError(`Invalid path: ${path}`);
    let node = this.root;
    for (const part of splitPath(path)) {
      const child = node.children.get(part);
      if (child === undefined) return false;
      node = child;
    }
    return true;
  }

  /** The deepest marked prefix of path, or "/" when there is none. */
  findMaxPrefix(path: string): string {
    let node: TrieNode | undefined = this.root;
    let deepest: TrieNode | null = null;
    for (const element of splitPath(path)) {
      node = node.children.get(element);
      if (node === undefined) break;
      if (node.property) deepest = node;
    }
    if (deepest === null) return '/';
    const parts: string[] = [];
    for (let n: TrieNode = deepest; n !== this.root; n = n.parent!) parts.unshift(n.value);
    return `/${parts.join('/')}`;
  }

  clear(): void {
    this.root.children.clear();
  }
}

// ---- checkQuota ------------------------------------------------------------------------

/** What checkQuota reads from the tree. */
export interface QuotaView {
  /** DataTree.getMaxPrefixWithQuota. */
  getMaxPrefixWithQuota(path: string): string | null;
  /** The data of a node; undefined when there is no such node. */
  getNodeData(path: string): string | null | undefined;
}

export interface QuotaCheck {
  /** The lines 3.8 logs: "Quota exceeded: /a [current count=3, softCountLimit=2]", and errors. */
  warnings: string[];
  /** A hard limit is exceeded: Prep fails the request with QUOTAEXCEEDED for the prefix. */
  exceeded: string | null;
}

/**
 * ZooKeeperServer.checkQuota(path, lastData, data, type): run by Prep for create (count +1,
 * bytes of the data) and setData (bytes difference), and only when zookeeper.enforceQuota is
 * set (3.8's default is false: then nothing is checked and nothing is logged). Soft limits only
 * log; a hard limit makes the request fail.
 */
export function checkQuota(
  view: QuotaView,
  path: string,
  lastData: string | null,
  data: string | null,
  type: typeof OpCode.create | typeof OpCode.setData,
  enforceQuota: boolean,
): QuotaCheck {
  const result: QuotaCheck = { warnings: [], exceeded: null };
  if (!enforceQuota) return result;
  const lastPrefix = view.getMaxPrefixWithQuota(path);
  if (lastPrefix === null || lastPrefix === '') return result;
  const bytesDiff = type === OpCode.create ? dataLength(data) : dataLength(data) - dataLength(lastData);
  const countDiff = type === OpCode.create ? 1 : 0;

  const limitData = view.getNodeData(limitPath(lastPrefix));
  if (limitData === undefined) {
    result.warnings.push(`Missing limit node for quota ${limitPath(lastPrefix)}`);
    return result;
  }
  const limits = new StatsTrack(limitData);
  const checkCount = countDiff !== 0 && (limits.getCount() > -1 || limits.getCountHardLimit() > -1);
  const checkBytes = bytesDiff !== 0 && (limits.getBytes() > -1 || limits.getByteHardLimit() > -1);
  if (!checkCount && !checkBytes) return result;

  const statData = view.getNodeData(statPath(lastPrefix));
  if (statData === undefined) {
    result.warnings.push(`Missing node for stat ${statPath(lastPrefix)}`);
    return result;
  }
  const current = new StatsTrack(statData);
  if (checkCount) {
    const newCount = current.getCount() + countDiff;
    const hard = limits.getCountHardLimit() > -1;
    const limit = hard ? limits.getCountHardLimit() : limits.getCount();
    if (newCount > limit) {
      result.warnings.push(
        `Quota exceeded: ${lastPrefix} [current count=${newCount}, ${hard ? 'hard' : 'soft'}CountLimit=${limit}]`,
      );
      if (hard) {
        result.exceeded = lastPrefix;
        return result;
      }
    }
  }
  if (checkBytes) {
    const newBytes = current.getBytes() + bytesDiff;
    const hard = limits.getByteHardLimit() > -1;
    const limit = hard ? limits.getByteHardLimit() : limits.getBytes();
    if (newBytes > limit) {
      result.warnings.push(
        `Quota exceeded: ${lastPrefix} [current bytes=${newBytes}, ${hard ? 'hard' : 'soft'}ByteLimit=${limit}]`,
      );
      if (hard) result.exceeded = lastPrefix;
    }
  }
  return result;
}
