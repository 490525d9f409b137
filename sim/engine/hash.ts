// A streaming 64-bit hash (two 32-bit FNV-1a style lanes with murmur finalisation) over
// structured values, without building strings: the trace hash of a run.
// Canonical form: objects in property creation order (deterministic code creates them in a
// fixed order), numbers by their IEEE-754 bits, bigints by their hex digits.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export class StreamHash {
  private a = 0x811c9dc5 | 0;
  private b = 0x01000193 ^ 0x5bd1e995;

  private mix(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193);
    this.b = Math.imul(this.b ^ x, 0x5bd1e995);
    this.b ^= this.b >>> 15;
  }

  int(x: number): void {
    if ((x | 0) === x) {
      this.mix(x);
    } else {
      this.num(x);
    }
  }

  num(x: number): void {
    f64[0] = x;
    this.mix(u32[0]!);
    this.mix(u32[1]!);
  }

  str(s: string): void {
    const n = s.length;
    let a = Math.imul(this.a ^ (n | 0x40000000), 0x01000193);
    let b = Math.imul(this.b ^ (n | 0x40000000), 0x5bd1e995);
    b ^= b >>> 15;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.mix(0x71);
        this.int(v);
        return;
      case 'string':
        this.str(v);
        return;
      case 'boolean':
        this.mix(v ? 0x73 : 0x74);
        return;
      case 'bigint':
        this.mix(0x75);
        this.str(v.toString(16));
        return;
      case 'undefined':
        this.mix(0x76);
        return;
      case 'object':
        if (v === null) {
          this.mix(0x77);
        } else if (Array.isArray(v)) {
          this.mix(0x78);
          this.mix(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
        } else {
          this.mix(0x79);
          const o = v as Record<string, unknown>;
          // for-in visits Object.keys' order without allocating the array (the events and
          // messages hashed are plain data: no enumerable inherited properties).
          for (const k in o) {
            const x = o[k];
            if (x === undefined) continue;
            this.str(k);
            if (typeof x === 'number' && (x | 0) === x) {
              this.mix(0x71);
              this.mix(x);
            } else if (typeof x === 'string') {
              this.str(x);
            } else {
              this.value(x);
            }
          }
          this.mix(0x7a);
        }
        return;
      default:
        throw new Error(`cannot hash a ${typeof v}`);
    }
  }

  /** 16 hex digits. */
  digest(): string {
    let a = this.a,
      b = this.b;
    a ^= a >>> 16;
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    a = Math.imul(a, 0xc2b2ae35);
    a ^= a >>> 16;
    b ^= b >>> 16;
    b = Math.imul(b, 0x85ebca6b);
    b ^= b >>> 13;
    b = Math.imul(b, 0xc2b2ae35);
    b ^= b >>> 16;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

/** JSON with bigints written as ZooKeeper writes ids: 0x-prefixed hex. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x));
}
