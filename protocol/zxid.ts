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

export function zxidHex(zxid: number): string {
  return zxid < 0 ? String(zxid) : `0x${zxid.toString(16)}`;
}
