// org.apache.zookeeper.server.EphemeralType (3.8): what a znode's ephemeralOwner encodes.
// ephemeralOwner is a Java long; here it is the same 64 bits as an unsigned bigint, so a
// container's Long.MIN_VALUE is 0x8000000000000000n and a TTL node's owner is
// 0xff00000000000000n | ttl (hex() prints them as Long.toHexString does).
//
//   VOID       0: a persistent node
//   NORMAL     a session id: an ephemeral node
//   CONTAINER  Long.MIN_VALUE
//   TTL        0xff + 16 bits of extended-feature id (0 = TTL) + 40 bits of ttl (ms); only
//              recognised when zookeeper.extendedTypesEnabled is set (otherwise such an owner
//              reads as NORMAL, and createTTL is refused with UNIMPLEMENTED by Prep)
import { IllegalArgumentError } from './PathUtils.ts';

export const EphemeralType = {
  VOID: 'VOID',
  NORMAL: 'NORMAL',
  CONTAINER: 'CONTAINER',
  TTL: 'TTL',
} as const;
export type EphemeralType = (typeof EphemeralType)[keyof typeof EphemeralType];

const U64 = (1n << 64n) - 1n;
export const CONTAINER_EPHEMERAL_OWNER = 0x8000000000000000n;
export const MAX_EXTENDED_SERVER_ID = 254;
const EXTENDED_MASK = 0xff00000000000000n;
const RESERVED_BITS_MASK = 0x00ffff0000000000n;
const RESERVED_BITS_SHIFT = 40n;
const EXTENDED_FEATURE_VALUE_MASK = 0x000000ffffffffffn;
const EXTENDED_BIT_TTL = 0n;
/** EphemeralType.TTL.maxValue(): 2^40 - 1 ms. */
export const TTL_MAX_VALUE = 0xffffffffff;

/** A Java long (possibly negative) as the unsigned 64-bit bigint used for ephemeralOwner. */
export function toUnsigned64(v: bigint): bigint {
  return v & U64;
}

/** EphemeralType.get(ephemeralOwner). */
export function ephemeralTypeOf(ephemeralOwner: bigint, extendedTypesEnabled: boolean): EphemeralType {
  const owner = toUnsigned64(ephemeralOwner);
  if (extendedTypesEnabled && (owner & EXTENDED_MASK) === EXTENDED_MASK) {
    const featureBit = (owner & RESERVED_BITS_MASK) >> RESERVED_BITS_SHIFT;
    if (featureBit === EXTENDED_BIT_TTL) return EphemeralType.TTL;
    throw new IllegalArgumentError(`Invalid ephemeralOwner. [${owner.toString(16)}]`);
  }
  if (owner === CONTAINER_EPHEMERAL_OWNER) return EphemeralType.CONTAINER;
  return owner === 0n ? EphemeralType.VOID : EphemeralType.NORMAL;
}

/** EphemeralType.TTL.toEphemeralOwner(ttl). */
export function ttlToEphemeralOwner(ttl: number): bigint {
  if (!Number.isInteger(ttl) || ttl > TTL_MAX_VALUE || ttl <= 0) {
    throw new IllegalArgumentError(`ttl must be positive and cannot be larger than: ${TTL_MAX_VALUE}`);
  }
  return EXTENDED_MASK | BigInt(ttl);
}

/** EphemeralType.TTL.getValue(ephemeralOwner): the ttl in ms. */
export function ttlOf(ephemeralOwner: bigint): number {
  return Number(toUnsigned64(ephemeralOwner) & EXTENDED_FEATURE_VALUE_MASK);
}

/**
 * EphemeralType.validateTTL(mode, ttl): a TTL mode needs 0 < ttl <= 2^40-1, any other mode
 * needs ttl < 0 (the client sends -1).
 */
export function validateTTL(isTTLMode: boolean, modeName: string, ttl: number): void {
  if (isTTLMode) ttlToEphemeralOwner(ttl);
  else if (ttl >= 0) throw new IllegalArgumentError(`ttl not valid for mode: ${modeName}`);
}

/** EphemeralType.validateServerId: with extended types a server id must be <= 254. */
export function validateServerId(serverId: number, extendedTypesEnabled: boolean): void {
  if (extendedTypesEnabled && serverId > MAX_EXTENDED_SERVER_ID) {
    throw new Error(
      `extendedTypesEnabled is true but Server ID is too large. Cannot be larger than ${MAX_EXTENDED_SERVER_ID}`,
    );
  }
}
