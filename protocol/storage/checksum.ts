// Adler-32, the checksum ZooKeeper's FileTxnLog puts in front of every txn record.

const MOD = 65521;

export function adler32(s: string): number {
  let a = 1,
    b = 0;
  for (let i = 0; i < s.length; i++) {
    a = (a + (s.charCodeAt(i) & 0xffff)) % MOD;
    b = (b + a) % MOD;
  }
  return ((b << 16) | a) >>> 0;
}
