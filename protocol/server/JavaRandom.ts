// java.util.Random, bit for bit: ZooKeeper derives a session's password from it
// (new Random(sessionId ^ superSecret).nextBytes(passwd)), so a password is a function of the
// session id, as in the real server.

const MULT = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  private seed: bigint;
  constructor(seed: bigint) {
    this.seed = (BigInt.asIntN(64, seed) ^ MULT) & MASK;
  }
  private next(bits: number): number {
    this.seed = (this.seed * MULT + 0xbn) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
  nextInt(): number {
    return this.next(32);
  }
  nextBytes(len: number): number[] {
    const out: number[] = [];
    while (out.length < len) {
      let rnd = this.nextInt();
      for (let n = Math.min(len - out.length, 4); n-- > 0; rnd >>= 8) out.push(rnd & 0xff);
    }
    return out;
  }
}

const superSecret = 0xb3415c00n;

/** The 16-byte session password of a session, as hex. */
export function sessionPassword(sessionId: bigint): string {
  return new JavaRandom(sessionId ^ superSecret)
    .nextBytes(16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}
