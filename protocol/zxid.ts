// zxid = epoch << 32 | counter. It fits a JS number (exactly) while epoch < 2^21.
// Printed as ZooKeeper prints it: 0x100000002.

export const COUNTER_SPAN = 0x1_0000_0000;
export const MAX_EPOCH = 2 ** 21 - 1;

export function makeZxid(epoch: number, counter: number): number {
  if (epoch < 0 || epoch > MAX_EPOCH) throw new RangeError(`epoch ${epoch} out of range`);
  if (counter < 0 || counter >= COUNTER_SPAN) throw new RangeError(`zxid counter ${counter} out of range`);
  return epoch * COUNTER_SPAN + counter;
}

export function epochOf(zxid: number): number {
  return Math.floor(zxid / COUNTER_SPAN);
}

export function counterOf(zxid: number): number {
  return zxid % COUNTER_SPAN;
}

/** Does zxid come right after prev in a history: the next of its epoch, or the first of a later one? */
export function follows(prev: number, zxid: number): boolean {
  if (epochOf(zxid) === epochOf(prev)) return counterOf(zxid) === counterOf(prev) + 1;
  return epochOf(zxid) > epochOf(prev) && counterOf(zxid) === 1;
}

export function zxidHex(zxid: number): string {
  return zxid < 0 ? String(zxid) : `0x${zxid.toString(16)}`;
}
