// org.apache.zookeeper.Quotas and StatsTrack (3.8): where quota nodes live and the text they hold,
// "count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1".
import { parseInt64 } from './java.ts';

export {
  limitNode,
  limitPath,
  procZookeeper,
  quotaPath,
  quotaZookeeper,
  statNode,
  statPath,
} from '../../datatree/Quotas.ts';
import { quotaZookeeper } from '../../datatree/Quotas.ts';

/** Quotas.trimQuotaPath on the client side (no bounds check: callers pass quota paths). */
export function trimQuotaPath(path: string): string {
  return path.substring(quotaZookeeper.length);
}

const COUNT = 'count';
const BYTES = 'bytes';
const COUNT_HARD = 'countHardLimit';
const BYTES_HARD = 'byteHardLimit';

/** StatsTrack: key=long pairs; a missing key reads as -1. */
export class StatsTrack {
  private readonly stats = new Map<string, bigint>();

  /** Parses "k=v,k=v;k=v" (`,` or `;` separated; "bytes=5=" reads as bytes=5). */
  constructor(stat: string | null = '') {
    if (stat === null || stat.length === 0) return;
    for (const pair of stat.split(/[,;]+/).filter((p, i, all) => p !== '' || i < all.length - 1)) {
      const kv = pair.split('=');
      const value = kv[1] === undefined || kv[1] === '' ? '-1' : kv[1];
      this.stats.set(kv[0]!, parseInt64(value));
    }
  }

  get count(): bigint {
    return this.get(COUNT);
  }
  set count(v: bigint) {
    this.stats.set(COUNT, v);
  }
  get bytes(): bigint {
    return this.get(BYTES);
  }
  set bytes(v: bigint) {
    this.stats.set(BYTES, v);
  }
  get countHardLimit(): bigint {
    return this.get(COUNT_HARD);
  }
  set countHardLimit(v: bigint) {
    this.stats.set(COUNT_HARD, v);
  }
  get byteHardLimit(): bigint {
    return this.get(BYTES_HARD);
  }
  set byteHardLimit(v: bigint) {
    this.stats.set(BYTES_HARD, v);
  }

  private get(key: string): bigint {
    return this.stats.get(key) ?? -1n;
  }

  /** count and bytes first (for 3.4 parsers), then "=" and the other keys sorted, ";"-separated. */
  toString(): string {
    let buf = `${COUNT}=${this.count},${BYTES}=${this.bytes}`;
    const others = [...this.stats.keys()].filter((k) => k !== COUNT && k !== BYTES).sort();
    if (others.length > 0) {
      buf += '=';
      for (const k of others) buf += `;${k}=${this.stats.get(k)}`;
    }
    return buf;
  }
}
