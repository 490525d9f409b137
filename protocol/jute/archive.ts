// jute's binary archive (org.apache.jute.BinaryInputArchive / BinaryOutputArchive): big-endian
// int (4), long (8), boolean (1 byte, non-zero is true), ustring and buffer (an int length, -1
// for null, then the bytes), vector (an int count, -1 for null, then the items). Reading past
// the end is Java's EOFException; a string or buffer length below 0 or above jute.maxbuffer +
// its extra size is "Unreasonable length = N" (checkLength). Both are IOExceptions: whoever
// deserialises decides what an IOException means (NIOServerCnxn closes the connection,
// FinalRequestProcessor answers MARSHALLINGERROR).
import { decodeJavaUtf8, encodeJavaString } from './utf8.ts';

/** jute.maxbuffer's default (0xfffff bytes). */
export const JUTE_MAX_BUFFER = 0xfffff;
/** zookeeper.jute.maxbuffer.extrasize's default: maxBuffer itself. */
const EXTRA_MAX_BUFFER = JUTE_MAX_BUFFER;

/** java.io.IOException (EOFException for `eof`), as jute throws it. */
export class JuteIOException extends Error {
  constructor(
    message: string,
    readonly eof = false,
  ) {
    super(message);
    this.name = eof ? 'EOFException' : 'IOException';
  }
}

export class BinaryInputArchive {
  private pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxBuffer = JUTE_MAX_BUFFER,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes not read yet. */
  remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new JuteIOException('EOF', true);
  }

  readByte(): number {
    this.need(1);
    return this.view.getInt8(this.pos++);
  }

  /** DataInput.readBoolean: one byte, true unless 0. */
  readBool(): boolean {
    return this.readByte() !== 0;
  }

  readInt(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  readLong(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A long that is a zxid or a time: a JS number (exact below 2^53). */
  readLongNumber(): number {
    return Number(this.readLong());
  }

  private checkLength(len: number): void {
    if (len < 0 || len > this.maxBuffer + EXTRA_MAX_BUFFER) throw new JuteIOException(`Unreasonable length = ${len}`);
  }

  /** The raw bytes of a buffer (null: length -1). */
  readBuffer(): Uint8Array | null {
    const len = this.readInt();
    if (len === -1) return null;
    this.checkLength(len);
    this.need(len);
    const b = this.bytes.slice(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }

  /** new String(bytes, UTF_8): malformed input is replaced, never an error. */
  readString(): string | null {
    const b = this.readBuffer();
    return b === null ? null : decodeJavaUtf8(b);
  }

  /** startVector: the item count, null for -1 (a negative count is an empty vector, BinaryIndex.done). */
  startVector(): number | null {
    const n = this.readInt();
    return n === -1 ? null : Math.max(0, n);
  }

  /** A vector of items read by `item` (null stays null). */
  readVector<T>(item: (a: BinaryInputArchive) => T): T[] | null {
    const n = this.startVector();
    if (n === null) return null;
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
}

export class BinaryOutputArchive {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  writeByte(v: number): void {
    this.room(1);
    this.view.setInt8(this.len++, v);
  }

  writeBool(v: boolean): void {
    this.writeByte(v ? 1 : 0);
  }

  writeInt(v: number): void {
    this.room(4);
    this.view.setInt32(this.len, v);
    this.len += 4;
  }

  /** A long: a bigint (session ids) or a whole number (zxids, times; -1 is 0xffffffffffffffff). */
  writeLong(v: bigint | number): void {
    this.room(8);
    this.view.setBigInt64(this.len, BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(v)));
    this.len += 8;
  }

  writeRaw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  writeBuffer(b: Uint8Array | null): void {
    if (b === null) {
      this.writeInt(-1);
      return;
    }
    this.writeInt(b.length);
    this.writeRaw(b);
  }

  /** writeString: each UTF-16 unit as 1 to 3 bytes (stringToByteBuffer), -1 for null. */
  writeString(s: string | null): void {
    this.writeBuffer(s === null ? null : encodeJavaString(s));
  }

  /** startVector(v) and each item by `item` (null: -1). */
  writeVector<T>(v: readonly T[] | null, item: (a: BinaryOutputArchive, x: T) => void): void {
    if (v === null) {
      this.writeInt(-1);
      return;
    }
    this.writeInt(v.length);
    for (const x of v) item(this, x);
  }

  get length(): number {
    return this.len;
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
