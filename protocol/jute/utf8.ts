// Strings and data on the wire. Paths, schemes, ids — jute's ustring — are Java Strings: read
// with new String(bytes, UTF_8) (malformed bytes become U+FFFD) and written by
// BinaryOutputArchive.stringToByteBuffer, each UTF-16 unit on its own (so a character outside
// the BMP is two 3-byte surrogates, not one 4-byte sequence). A znode's data is bytes, which
// the simulated servers keep as a JS string: valid UTF-8 is the text it spells, and every byte
// that is not part of a well-formed UTF-8 sequence becomes the lone surrogate U+DC80..U+DCFF
// (Python's "surrogateescape"), so any byte string goes in and comes out unchanged, and
// dataLength (protocol/data.ts) counts such a character as the one byte it stands for.

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** new String(b, StandardCharsets.UTF_8). */
export function decodeJavaUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** BinaryOutputArchive.stringToByteBuffer: every UTF-16 unit as 1, 2 or 3 bytes. */
export function encodeJavaString(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** The length of a well-formed UTF-8 sequence at b[i] (Unicode Table 3-7), or 0. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** A znode's data bytes as the servers keep them (null stays null). */
export function dataFromBytes(b: Uint8Array | null): string | null {
  if (b === null) return null;
  let s = '';
  let start = 0;
  let i = 0;
  while (i < b.length) {
    const n = sequenceAt(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    s += decoder.decode(b.subarray(start, i)) + String.fromCharCode(0xdc00 + b[i]!);
    i++;
    start = i;
  }
  return s + decoder.decode(b.subarray(start));
}

/** Is this character an escaped byte (dataFromBytes)? */
export function isEscapedByte(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

/** The bytes of data kept by dataFromBytes (a string from elsewhere: UTF-8). */
export function dataToBytes(s: string | null): Uint8Array | null {
  if (s === null) return null;
  const out = new Uint8Array(s.length * 4);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (isEscapedByte(c)) {
      out[n++] = c - 0xdc00;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 0x3f);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
        continue;
      }
    }
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes as lower-case hex (how they travel inside the simulation and in record files). */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

export function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
