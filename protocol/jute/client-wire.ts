// The client's side of the wire (ClientCnxn.Packet.createBB, ClientCnxnSocket and
// SendThread.readResponse of 3.8): what the ZooKeeper handle (protocol/client/ZooKeeper.ts)
// sends as message objects goes out as jute frames, and the frames a server sends back become
// the message objects it reads. One ClientWire per TCP connection, as 3.8 has one
// ClientCnxnSocket buffer per connection.
// - out: ConnectRequest then its readOnly byte (Packet.createBB: `request.serialize(boa,
//   "connect"); boa.writeBool(readOnly, "readOnly")`); every other packet a RequestHeader
//   (xid, type) and its record (auth an AuthPacket, ping and closeSession none).
// - in: the first frame is the ConnectResponse (readConnectResult; an old server's lacks the
//   readOnly byte); then each frame a ReplyHeader: xid -1 a WatcherEvent (NOTIFICATION_XID),
//   -2 a ping's answer, -4 an auth's, -8 a SetWatches'; any other xid answers the request sent
//   with it, whose record is read by that request's op, and only when err is 0.
// - bad input: a length below 0 or above the client's jute.maxbuffer is "Packet len N is out
//   of range!" (ClientCnxnSocket.readLength), a record too short an EOFException: both are the
//   IOException that makes SendThread close the connection and connect again (ClientCnxn's
//   cleanup fails what was pending with ConnectionLoss). JuteIOException here; the socket side
//   closes the connection.
import type { ClientMessage, RequestBody, ServerMessage } from '../proto.ts';
import { Xid } from '../proto.ts';
import { BinaryInputArchive, BinaryOutputArchive, JUTE_MAX_BUFFER, JuteIOException } from './archive.ts';
import { FrameReader } from './frames.ts';
import {
  readConnectResponse,
  readReplyHeader,
  readWatcherEvent,
  writeConnectRequest,
  writeRequestHeader,
} from './records.ts';
import { writeRequest } from './requests.ts';
import { readResponse } from './responses.ts';
import { fromHex } from './utf8.ts';

/** ZKClientConfig.CLIENT_MAX_PACKET_LENGTH_DEFAULT (jute.maxbuffer of the client): 0xfffff. */
export const CLIENT_MAX_PACKET_LENGTH = JUTE_MAX_BUFFER;

/** A frame: the 4-byte length, then the payload. */
function framed(a: BinaryOutputArchive): Uint8Array {
  const bytes = a.toBytes();
  new DataView(bytes.buffer).setInt32(0, bytes.length - 4);
  return bytes;
}

export class ClientWire {
  private readonly frames: FrameReader;
  /** The ConnectResponse has been read: every later frame starts with a ReplyHeader. */
  private connected = false;
  /** The op of each request sent and not yet answered, by xid (its reply's record is read by it). */
  private readonly ops = new Map<number, number>();

  constructor(maxPacketLength = CLIENT_MAX_PACKET_LENGTH) {
    this.frames = new FrameReader(maxPacketLength);
  }

  /** The bytes of one message of the handle (Packet.createBB). */
  encode(msg: ClientMessage): Uint8Array {
    const a = new BinaryOutputArchive();
    switch (msg.type) {
      case 'connect':
        a.writeInt(-1); // the length, filled in by framed()
        writeConnectRequest(a, msg, true);
        return framed(a);
      case 'request': {
        a.writeInt(-1);
        writeRequestHeader(a, { xid: msg.xid, type: msg.body.op });
        writeRequest(a, msg.body as RequestBody);
        if (msg.xid >= 0) this.ops.set(msg.xid, msg.body.op);
        return framed(a);
      }
      case '4lw':
        return new TextEncoder().encode(msg.cmd);
      case 'jute':
        return fromHex(msg.hex);
    }
  }

  /**
   * Bytes from the server: each whole frame, decoded, to `deliver`, in order. Throws
   * JuteIOException on what 3.8's client would take as an IOException (after delivering the
   * frames before it); the connection is then to be closed.
   */
  decode(bytes: Uint8Array, deliver: (m: ServerMessage) => void): void {
    for (const f of this.frames.push(bytes)) deliver(this.read(f));
    const bad = this.frames.badLength;
    if (bad !== undefined) throw new JuteIOException(`Packet len ${bad} is out of range!`);
  }

  private read(f: Uint8Array): ServerMessage {
    const a = new BinaryInputArchive(f, CLIENT_MAX_PACKET_LENGTH);
    if (!this.connected) {
      // readConnectResult
      const r = readConnectResponse(a);
      this.connected = true;
      return r;
    }
    const h = readReplyHeader(a);
    switch (h.xid) {
      case Xid.NOTIFICATION: {
        const e = readWatcherEvent(a);
        return { type: 'watch', xid: Xid.NOTIFICATION, zxid: h.zxid, eventType: e.type, state: e.state, path: e.path };
      }
      case Xid.PING:
      case Xid.AUTH:
      case Xid.SET_WATCHES:
        return { type: 'reply', xid: h.xid, zxid: h.zxid, err: h.err };
    }
    const op = this.ops.get(h.xid);
    this.ops.delete(h.xid);
    // An xid nothing was sent with: the handle finds it out of order ("Nothing in the queue, but got N").
    if (op === undefined || h.err !== 0) return { type: 'reply', xid: h.xid, zxid: h.zxid, err: h.err };
    const body = readResponse(op, a);
    return body === undefined
      ? { type: 'reply', xid: h.xid, zxid: h.zxid, err: h.err }
      : { type: 'reply', xid: h.xid, zxid: h.zxid, err: h.err, body };
  }
}
