// JSON for what goes to disk: bigints (session ids, ephemeral owners) are written as
// {"$n": "hex"} and read back as bigints, so a file survives a round trip exactly.

export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? { $n: x.toString(16) } : x));
}

export function fromJson(text: string): unknown {
  return JSON.parse(text, (_k, x) => {
    if (
      x !== null &&
      typeof x === 'object' &&
      !Array.isArray(x) &&
      typeof x.$n === 'string' &&
      Object.keys(x).length === 1
    )
      return BigInt(`0x${x.$n}`);
    return x;
  });
}
