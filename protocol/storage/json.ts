// JSON for what goes to disk: bigints (session ids, ephemeral owners) are written as
// {"$n": "hex"} and read back as bigints, so a file survives a round trip exactly.
import { adler32 } from './checksum.ts';

/** The replacer of the reference encoding: JSON.stringify(v, bigintReplacer) is what toJson writes. */
const bigintReplacer = (_k: string, x: unknown) => (typeof x === 'bigint' ? { $n: x.toString(16) } : x);

/** Object keys as JSON writes them, with the colon ("key":), for the keys met so far. */
const quotedKeys = new Map<string, string>();

function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (quotedKeys.size < 4096) quotedKeys.set(k, q);
  }
  return q;
}

/**
 * One value as JSON.stringify(v, bigintReplacer) writes it (undefined where it writes nothing).
 * Plain objects, arrays and primitives are written here; anything else (a class instance, a
 * value with toJSON) is handed to JSON.stringify with the replacer, which — since the replacer
 * reads neither key nor holder — writes that subtree as it would inside the whole.
 */
function write(x: unknown): string | undefined {
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x);
    case 'number':
      return Number.isFinite(x) ? `${x}` : 'null';
    case 'boolean':
      return x ? 'true' : 'false';
    case 'bigint':
      return `{"$n":"${x.toString(16)}"}`;
    case 'object': {
      if (x === null) return 'null';
      if (typeof (x as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(x, bigintReplacer);
      if (Array.isArray(x)) {
        let s = '[';
        for (let i = 0; i < x.length; i++) {
          if (i > 0) s += ',';
          s += write(x[i]) ?? 'null';
        }
        return `${s}]`;
      }
      const proto = Object.getPrototypeOf(x);
      if (proto !== Object.prototype && proto !== null) return JSON.stringify(x, bigintReplacer);
      const o = x as Record<string, unknown>;
      let s = '{';
      for (const k of Object.keys(o)) {
        const e = write(o[k]);
        if (e === undefined) continue;
        s += s.length === 1 ? quotedKey(k) + e : `,${quotedKey(k)}${e}`;
      }
      return `${s}}`;
    }
    default:
      return undefined; // undefined, functions, symbols: left out (null in an array)
  }
}

/**
 * The JSON text of v, bigints as {"$n": "hex"}: character for character what
 * JSON.stringify(v, bigintReplacer) gives (test/storage/json.test.ts checks it on generated
 * values and on every record of faults runs), about twice as fast on txn records — the
 * replacer, called for every key and value, was most of its cost.
 */
export function toJson(v: unknown): string {
  return write(v) as string;
}

/** Bigints back from {"$n": "hex"}, children before parents: what fromJson's reviver did. */
function revive(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v !== null && typeof v === 'object') x[i] = revive(v);
    }
    return x;
  }
  const o = x as Record<string, unknown>;
  let keys = 0;
  for (const k of Object.keys(o)) {
    keys++;
    const v = o[k];
    if (v !== null && typeof v === 'object') o[k] = revive(v);
  }
  if (keys === 1 && typeof o.$n === 'string') return BigInt(`0x${o.$n}`);
  return x;
}

/**
 * The value of a toJson text: JSON.parse, then every object that is exactly {"$n": string}
 * becomes a bigint, innermost first — what JSON.parse with a reviver doing the same gives (and
 * throws where it throws), without a reviver call per value (2.7x faster on txn records).
 */
export function fromJson(text: string): unknown {
  return revive(JSON.parse(text));
}

// ---- the decoded cache -------------------------------------------------------------------
// Every record body this process encoded (a txn, a snapshot), by its exact text, with its
// checksum and, once it has been read back, its decoded value. Reading still goes over the
// bytes on disk — the length, the record's end, its checksum against the text there — so a
// torn or corrupt record is cut exactly where its bytes are cut; only a body whose text is,
// character for character, one this process wrote skips the checksum loop and the parse: the
// checksum and fromJson are pure functions of the text. Decoded values are deep-frozen, as
// every reader of the same record shares one. The cache forgets everything past a size bound.

interface Encoded {
  /** The body text: one string for every encoding of an equal value (so every server's log shares it). */
  readonly body: string;
  readonly sum: number;
  value: unknown;
  decoded: boolean;
  /** The body framed as a record (encodeFramed), and the frame that made it. */
  framed?: string;
  frame?: (body: string, sum: number) => string;
}

const encoded = new Map<string, Encoded>();
let encodedChars = 0;
/** Characters of body text the cache keeps at most before it starts over. */
const MAX_ENCODED_CHARS = 32 * 1024 * 1024;

export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

function entry(v: unknown): Encoded {
  const body = toJson(v);
  let e = encoded.get(body);
  if (e === undefined) {
    if (encodedChars + body.length > MAX_ENCODED_CHARS) {
      encoded.clear();
      encodedChars = 0;
    }
    e = { body, sum: adler32(body), value: undefined, decoded: false };
    encoded.set(body, e);
    encodedChars += body.length;
  }
  return e;
}

/** toJson(v) and the Adler-32 of it; the body is remembered for decodeBody. */
export function encodeBody(v: unknown): { body: string; sum: number } {
  const e = entry(v);
  return { body: e.body, sum: e.sum };
}

/**
 * frame(body, sum) of v's body, as encodeBody gives them: the same string for every equal value
 * framed by the same frame — every server of an ensemble logs each txn, and their disks share
 * one text of its record instead of holding a copy each (a frame is a pure function of its arguments).
 */
export function encodeFramed(v: unknown, frame: (body: string, sum: number) => string): string {
  const e = entry(v);
  if (e.frame === frame) return e.framed!;
  const framed = frame(e.body, e.sum);
  e.frame = frame;
  e.framed = framed;
  return framed;
}

/** The value a body read from disk holds, if its checksum is `sum` and it parses; else undefined (a bad record). */
export function decodeBody(body: string, sum: number): unknown {
  const e = encoded.get(body);
  if (e !== undefined) {
    if (e.sum !== sum) return undefined;
    if (!e.decoded) {
      e.value = deepFreeze(fromJson(body));
      e.decoded = true;
    }
    return e.value;
  }
  if (adler32(body) !== sum) return undefined;
  try {
    return fromJson(body);
  } catch {
    return undefined;
  }
}
