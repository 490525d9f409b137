// NIOServerCnxn: the byte side of a client connection, for clients that speak the wire protocol
// (zksim serve's real clients). It reads the stream as 3.8's NIOServerCnxn.doIO does — a 4-byte
// length, then that many bytes — and hands each packet to its ServerCnxn, which the rest of the
// server sees as ever; what the server sends is serialised here. As 3.8:
// - readLength: before the connect request, a length that spells a known four-letter word is
//   that command (answered, then the connection closes); a length below 0 or above
//   jute.maxbuffer is "Len error", the connection closes;
// - readConnectRequest: ConnectRequest, and the readOnly flag if present (a client without it
//   is an old one: its ConnectResponse has no readOnly flag); an unreadable one closes the
//   connection (IOException out of doIO); receiving stops until the session is set up
//   (processConnectRequest: disableRecv; finishSessionInit: enableRecv);
// - processPacket: a RequestHeader that cannot be read closes the connection; auth is an
//   AuthPacket; sasl is answered with an empty token (no SASL server here, as without a JAAS
//   login); a type Request.isValid refuses (check, notification, unknown numbers) is answered
//   UNIMPLEMENTED and the connection closed (UnimplementedRequestProcessor); the other records
//   are read into request bodies (protocol/jute/requests.ts), an unreadable one marked for the
//   pipeline to fail with MARSHALLINGERROR.
import { BinaryInputArchive, BinaryOutputArchive, JUTE_MAX_BUFFER, JuteIOException } from '../jute/archive.ts';
import {
  readConnectRequest,
  readRequestHeader,
  writeConnectResponse,
  writeReplyHeader,
  writeWatcherEvent,
} from '../jute/records.ts';
import { VALID_OPS, readRequest, simulatedOp } from '../jute/requests.ts';
import { writeResponse } from '../jute/responses.ts';
import { decodeJavaUtf8, fromHex, toHex } from '../jute/utf8.ts';
import { Code } from '../errors.ts';
import type { ConnectRequest, RequestPacket, ServerMessage, WireBytes } from '../proto.ts';
import { isKnownFourLetterWord } from './FourLetterWords.ts';
import { OpCode } from './txn.ts';

/** What the byte side needs of its connection (ServerCnxn). */
export interface NIOCnxn {
  readonly closed: boolean;
  readonly sessionId: bigint;
  /** The client's "host:port". */
  readonly remote: string;
  /** ServerCnxn.packetReceived: a packet of this many bytes, its length included. */
  frameReceived(bytes: number): void;
  /** checkFourLetterWord: answer the word, then close. */
  fourLetterWord(cmd: string): void;
  connectRequest(req: ConnectRequest): void;
  packet(p: RequestPacket): void;
  /** Answer a request at once (UnimplementedRequestProcessor, processSasl). */
  reply(xid: number, zxid: number, err: number): void;
  /** Close after an IOException of doIO, logging it. */
  ioError(len: number | undefined, message: string): void;
  /** A WARN line of the server's log. */
  warn(message: string): void;
  close(): void;
}

/** FourLetterCommands.isKnown(len): the int a word's four ASCII bytes make, big-endian. */
function fourLetterWordOf(len: number): string | undefined {
  if (len < 0x20000000) return undefined;
  const s = String.fromCharCode((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  return isKnownFourLetterWord(s) ? s : undefined;
}

export class NIOServerCnxn {
  private buf = new Uint8Array(0);
  /** The connect request has been read (NIOServerCnxn.initialized). */
  private initialized = false;
  /** disableRecv until the session is set up: the bytes wait in the socket. */
  private recvDisabled = false;
  /** ServerCnxn.isOldClient: its connect request had no readOnly flag. */
  private oldClient = true;
  /** The op of each request read, by xid, to serialise its reply's record. */
  private readonly ops = new Map<number, number>();
  /** A 4lw answer has been sent, or the stream is over: nothing more is read. */
  private done = false;

  constructor(private readonly cnxn: NIOCnxn) {}

  /** Bytes arrived on the socket. */
  read(msg: WireBytes): void {
    const b = fromHex(msg.hex);
    const next = new Uint8Array(this.buf.length + b.length);
    next.set(this.buf);
    next.set(b, this.buf.length);
    this.buf = next;
    this.drain();
  }

  /** finishSessionInit: enableRecv. */
  enableRecv(): void {
    this.recvDisabled = false;
    this.drain();
  }

  /** doIO's read side: as many whole packets as have arrived. */
  private drain(): void {
    while (!this.done && !this.recvDisabled && !this.cnxn.closed && this.buf.length >= 4) {
      const len = new DataView(this.buf.buffer, this.buf.byteOffset, 4).getInt32(0);
      const word = this.initialized ? undefined : fourLetterWordOf(len);
      if (word !== undefined) {
        this.buf = this.buf.slice(4);
        this.done = true;
        this.cnxn.fourLetterWord(word);
        return;
      }
      if (len < 0 || len > JUTE_MAX_BUFFER) {
        this.done = true;
        this.cnxn.ioError(
          len,
          `Len error. A message from /${this.cnxn.remote} with advertised length of ${len} is either a malformed message or too large to process (length is greater than jute.maxbuffer=${JUTE_MAX_BUFFER})`,
        );
        return;
      }
      if (this.buf.length < 4 + len) return;
      const payload = this.buf.slice(4, 4 + len);
      this.buf = this.buf.slice(4 + len);
      this.cnxn.frameReceived(4 + len);
      if (!this.initialized) this.readConnectRequest(payload);
      else this.processPacket(payload);
    }
  }

  private fail(e: unknown): void {
    if (!(e instanceof JuteIOException)) throw e;
    this.done = true;
    this.cnxn.ioError(
      undefined,
      `${e.name === 'EOFException' ? 'java.io.EOFException' : `java.io.IOException: ${e.message}`}`,
    );
  }

  /** NIOServerCnxn.readConnectRequest → ZooKeeperServer.processConnectRequest. */
  private readConnectRequest(payload: Uint8Array): void {
    let req: ConnectRequest;
    try {
      const r = readConnectRequest(new BinaryInputArchive(payload));
      req = r.req;
      this.oldClient = !r.hasReadOnly;
    } catch (e) {
      this.fail(e);
      return;
    }
    this.initialized = true;
    this.recvDisabled = true;
    this.cnxn.connectRequest(req);
  }

  /** ZooKeeperServer.processPacket (and submitRequestNow's Request.isValid). */
  private processPacket(payload: Uint8Array): void {
    const a = new BinaryInputArchive(payload);
    let xid: number;
    let type: number;
    try {
      ({ xid, type } = readRequestHeader(a));
    } catch (e) {
      this.fail(e);
      return;
    }
    if (type === OpCode.auth) {
      let scheme: string;
      let auth: string;
      try {
        a.readInt(); // AuthPacket.type
        scheme = a.readString() ?? '';
        auth = decodeJavaUtf8(a.readBuffer() ?? new Uint8Array());
      } catch (e) {
        this.fail(e);
        return;
      }
      this.cnxn.packet({ type: 'request', xid, body: { op: OpCode.auth, scheme, auth } });
      return;
    }
    if (type === OpCode.sasl) {
      try {
        a.readBuffer(); // GetSASLRequest.token
      } catch (e) {
        this.fail(e);
        return;
      }
      // processSasl: no SASL server for this connection (no JAAS login): an empty token, OK.
      this.cnxn.warn('cnxn.saslServer is null: cnxn object did not initialize its saslServer properly.');
      this.ops.set(xid, OpCode.sasl);
      this.cnxn.reply(xid, 0, Code.OK);
      return;
    }
    if (!VALID_OPS.has(type) || !simulatedOp(type)) {
      // createSession and deleteContainer from a client are valid to 3.8; zksim does not take them.
      this.cnxn.warn(
        VALID_OPS.has(type)
          ? `zksim does not take op ${type} from a client; answered as an unknown type`
          : `Received packet at server of unknown type ${type}`,
      );
      this.cnxn.reply(xid, -1, Code.UNIMPLEMENTED);
      this.cnxn.close();
      this.done = true;
      return;
    }
    this.ops.set(xid, type);
    this.cnxn.packet({ type: 'request', xid, body: readRequest(type, a) });
  }

  /** What goes out on the socket for a message of the server: a framed record, or a 4lw's text. */
  encode(msg: ServerMessage): WireBytes {
    if (msg.type === '4lw-answer') return { type: 'jute', hex: toHex(new TextEncoder().encode(msg.text)) };
    const a = new BinaryOutputArchive();
    a.writeInt(-1); // the length, filled in below
    switch (msg.type) {
      case 'connected':
        writeConnectResponse(a, msg, !this.oldClient);
        break;
      case 'watch':
        writeReplyHeader(a, { xid: msg.xid, zxid: msg.zxid, err: 0 });
        writeWatcherEvent(a, { type: msg.eventType, state: msg.state, path: msg.path });
        break;
      case 'reply': {
        writeReplyHeader(a, { xid: msg.xid, zxid: msg.zxid, err: msg.err });
        const op = this.ops.get(msg.xid);
        this.ops.delete(msg.xid);
        if (msg.err === 0 && op !== undefined) writeResponse(a, op, msg.body);
        break;
      }
    }
    const bytes = a.toBytes();
    new DataView(bytes.buffer).setInt32(0, bytes.length - 4);
    return { type: 'jute', hex: toHex(bytes) };
  }
}
