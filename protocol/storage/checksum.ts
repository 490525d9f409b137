// Adler-32, the checksum ZooKeeper's FileTxnLog puts in front of every txn record.

const MOD = 65521;
/** Characters summed between reductions: a < 2^29 and b < 2^41 stay exact in a double. */
const CHUNK = 4096;

export function adler32(s: string): number {
  let a = 1,
    b = 0;
  const n = s.length;
  // The sums are reduced mod 65521 once per chunk instead of once per character: the same
  // result (a + c and b + a are congruent either way), without a division per character.
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + CHUNK);
    for (; i < end; i++) {
      a += s.charCodeAt(i) & 0xffff;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
