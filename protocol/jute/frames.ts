// jute's framing on a TCP stream: each packet is a 4-byte big-endian length, then that many
// bytes. A reader collects what has arrived and hands out the packets that are complete; a
// length its side refuses (ClientCnxnSocket.readLength: below 0 or above the client's
// jute.maxbuffer, "Packet len N is out of range!"; NIOServerCnxn.readLength: "Len error") is
// the stream's end — the caller decides what that means (the client closes and reconnects).

export class FrameReader {
  private buf = new Uint8Array(0);
  /** The length that ended the stream (refused), or undefined while it is good. */
  badLength: number | undefined;

  /** maxLength: the largest length taken; longer (or negative) ones end the stream. */
  constructor(private readonly maxLength: number) {}

  /** Bytes not yet part of a whole packet. */
  get buffered(): number {
    return this.buf.length;
  }

  /** Add bytes; the payloads of the packets they complete, in order (none once the stream is bad). */
  push(bytes: Uint8Array): Uint8Array[] {
    if (this.badLength !== undefined) return [];
    const next = new Uint8Array(this.buf.length + bytes.length);
    next.set(this.buf);
    next.set(bytes, this.buf.length);
    this.buf = next;
    const out: Uint8Array[] = [];
    let at = 0;
    while (this.buf.length - at >= 4) {
      const len = new DataView(this.buf.buffer, this.buf.byteOffset + at, 4).getInt32(0);
      if (len < 0 || len > this.maxLength) {
        this.badLength = len;
        break;
      }
      if (this.buf.length - at < 4 + len) break;
      out.push(this.buf.slice(at + 4, at + 4 + len));
      at += 4 + len;
    }
    this.buf = this.buf.slice(at);
    return out;
  }
}
