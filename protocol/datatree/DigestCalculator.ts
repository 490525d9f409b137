// org.apache.zookeeper.server.DigestCalculator (3.8, ZOOKEEPER-3114, digest version 2): a
// znode's digest is the CRC32 of its path's bytes ("/" taken as ""), its data's bytes, then 60
// bytes of its persisted stat, big-endian: czxid, mzxid, pzxid, ctime, mtime (longs), version,
// cversion, aversion (ints), ephemeralOwner (long). Nodes under /zookeeper/ count 0 (3.8 leaves
// the quota nodes out: they are updated locally). The tree's digest is the sum of its nodes'
// (NodeHashMapImpl's AdHash: addDigest on put/postChange, removeDigest on remove/preChange).
// Java sums in a long; every node digest is below 2^32, so a tree of fewer than 2^21 nodes sums
// exactly in a JS number (printed as the unsigned hex of that sum).
import { dataToBytes, encodeJavaString } from '../jute/utf8.ts';
import type { StatPersisted } from './DataNode.ts';

export const DIGEST_VERSION = 2;

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  return t;
})();

function crcBytes(crc: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) crc = TABLE[(crc ^ b[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

/** ASCII fast path for the path (String.getBytes() is UTF-8; ZooKeeper paths are mostly ASCII). */
function crcString(crc: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return crcBytes(crc, dataToBytes(s.slice(i))!);
    crc = TABLE[(crc ^ c) & 0xff]! ^ (crc >>> 8);
  }
  return crc;
}

const statBuf = new DataView(new ArrayBuffer(60));
const statBytes = new Uint8Array(statBuf.buffer);

/** ByteBuffer.putLong, big-endian; numbers (zxids, times) below 2^53 without a BigInt. */
function putLong(off: number, v: number | bigint): void {
  if (typeof v === 'bigint') {
    if (v === 0n) {
      statBuf.setUint32(off, 0);
      statBuf.setUint32(off + 4, 0);
    } else statBuf.setBigInt64(off, BigInt.asIntN(64, v));
    return;
  }
  const hi = Math.floor(v / 4294967296);
  statBuf.setInt32(off, hi);
  statBuf.setUint32(off + 4, v - hi * 4294967296);
}

/** DigestCalculator.calculateDigest(path, data, stat). */
export function calculateDigest(path: string, data: string | null, stat: StatPersisted): number {
  if (path.startsWith('/zookeeper/')) return 0;
  if (path === '/') path = '';
  putLong(0, stat.czxid);
  putLong(8, stat.mzxid);
  putLong(16, stat.pzxid);
  putLong(24, stat.ctime);
  putLong(32, stat.mtime);
  statBuf.setInt32(40, stat.version | 0);
  statBuf.setInt32(44, stat.cversion | 0);
  statBuf.setInt32(48, stat.aversion | 0);
  putLong(52, stat.ephemeralOwner);
  let crc = -1;
  crc = crcString(crc, path);
  if (data !== null) {
    let ascii = true;
    for (let i = 0; i < data.length && ascii; i++) if (data.charCodeAt(i) >= 0x80) ascii = false;
    crc = ascii ? crcString(crc, data) : crcBytes(crc, dataToBytes(data)!);
  }
  crc = crcBytes(crc, statBytes);
  return (crc ^ -1) >>> 0;
}

/** The CRC32 of a string's UTF-8 bytes (java.util.zip.CRC32 over String.getBytes()), for tests. */
export function crc32(s: string): number {
  return (crcBytes(-1, encodeJavaString(s)) ^ -1) >>> 0;
}
