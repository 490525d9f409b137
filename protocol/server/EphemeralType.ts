// EphemeralType of 3.8: what a znode's ephemeralOwner says it is. 0 is a plain node, the
// CONTAINER value (Long.MIN_VALUE) a container; with extended types enabled, an owner whose
// top byte is 0xff is a TTL node carrying its ttl in the low bits; anything else is the
// session that owns an ephemeral.
import { CreateMode, isTTL } from '../data.ts';

export const CONTAINER_EPHEMERAL_OWNER = 0x8000000000000000n;
const EXTENDED_MASK = 0xff00000000000000n;
const EXTENDED_BIT_TTL = 0x0000n;
/** TTL.maxValue(): the low 40 bits (the 2 bytes after the top byte hold the extended type). */
export const MAX_TTL = 0x000000ffffffffffn;

export type EphemeralKind = 'VOID' | 'NORMAL' | 'CONTAINER' | 'TTL';

export function ephemeralTypeOf(owner: bigint, extendedTypesEnabled: boolean): EphemeralKind {
  if (extendedTypesEnabled && (owner & EXTENDED_MASK) === EXTENDED_MASK) return 'TTL';
  if (owner === CONTAINER_EPHEMERAL_OWNER) return 'CONTAINER';
  return owner === 0n ? 'VOID' : 'NORMAL';
}

export function ttlToEphemeralOwner(ttl: number): bigint {
  const t = BigInt(ttl);
  if (t > MAX_TTL || t <= 0n) throw new RangeError(`ttl must be positive and cannot be larger than: ${MAX_TTL}`);
  return EXTENDED_MASK | (EXTENDED_BIT_TTL << 40n) | t;
}

export function ttlOf(owner: bigint): number {
  return Number(owner & MAX_TTL);
}

/** EphemeralType.validateTTL: a TTL mode needs a ttl in (0, max]; other modes need ttl -1. */
export function validateTTL(mode: number, ttl: number): boolean {
  if (isTTL(mode as CreateMode)) return ttl > 0 && BigInt(ttl) <= MAX_TTL;
  return ttl < 0;
}

export { CreateMode };
