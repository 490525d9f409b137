// ServerCnxn: the server's side of one client connection on the client port. It answers
// four-letter words, hands the connect request to the server, turns packets into requests
// (auth is handled at once, as ZooKeeperServer.processPacket does), and is the Watcher the
// data tree notifies: a triggered watch becomes a notification packet (xid -1).
import type { ConnId, Context } from '../actor.ts';
import { type ACL, type Id, type WatchedEvent, KeeperState, Perms } from '../data.ts';
import { isAllowed } from '../datatree/ACL.ts';
import { javaStringHash } from '../datatree/JavaHashSet.ts';
import type { Watcher } from '../datatree/WatchManager.ts';
import type {
  ClientMessage,
  ConnectRequest,
  ConnectResponse,
  ReplyPacket,
  RequestPacket,
  ServerMessage,
  WatcherEventPacket,
} from '../proto.ts';
import { Xid } from '../proto.ts';
import type { RequestOrigin } from './Request.ts';
import { JUTE_MAXBUFFER, packetLength } from './packetLength.ts';
import { wellFormed } from './packetCheck.ts';
import { type NIOCnxn, NIOServerCnxn } from './NIOServerCnxn.ts';
import { isKnownFourLetterWord } from './FourLetterWords.ts';
import { REPLY_HEADER_SIZE, connectRequestSize, notificationSize, requestSize } from './jute.ts';

/** What a connection needs of its server. */
export interface CnxnServer {
  processConnectRequest(cnxn: ServerCnxn, req: Extract<ClientMessage, { type: 'connect' }>): void;
  processPacket(cnxn: ServerCnxn, packet: RequestPacket): void;
  /** The answer to a four-letter word this server knows (FourLetterCommands.isKnown). */
  fourLetterWord(cmd: string, cnxn: ServerCnxn): string;
  cnxnClosed(cnxn: ServerCnxn): void;
  /** ServerStats: a packet of `bytes` (its length prefix included) came in / one went out. */
  packetReceived(bytes: number): void;
  packetSent(): void;
  /** ServerStats.updateClientResponseSize: a response (header + record) of this size went out. */
  clientResponseSize(size: number): void;
  /** NIOServerCnxnFactory.touchCnxn: IO on the connection moves its expiry. */
  touchCnxn(cnxn: ServerCnxn): void;
}

/** zookeeper.nio.sessionlessCnxnTimeout: a connection's timeout until its session is set up. */
export const SESSIONLESS_CNXN_TIMEOUT = 10_000;

/** NIOServerCnxn's SendBufferWriter behind a BufferedWriter(8192): a 4lw answer goes out in 8192-char pieces. */
const FOUR_LETTER_CHUNK = 8192;

export class ServerCnxn implements Watcher, RequestOrigin, NIOCnxn {
  sessionId = 0n;
  /** NIOServerCnxn.sessionTimeout: the sessionless timeout until the connect request sets it. */
  sessionTimeout = SESSIONLESS_CNXN_TIMEOUT;
  /**
   * The ids the connection is authenticated as, in the order 3.8 iterates them: its authInfo is
   * a Set over a ConcurrentHashMap<Id, Boolean>, so whoami and `auth::` ACLs list the ids by
   * hash bucket (Id.hashCode), not by when they were added.
   */
  readonly authInfo: Id[] = [];
  private readonly authSeq = new Map<Id, number>();
  /** Session established: packets other than connect are accepted. */
  established = false;
  closed = false;
  private held: RequestPacket[] = [];
  /** The byte side, once the connection carries a real client's bytes. */
  private nio: NIOServerCnxn | undefined;
  outstanding = 0;
  /** When the connection was accepted (wall ms): cons' est=. */
  readonly established_at: number;
  /** The selection key's interest ops as cons prints them: cancelled (0) for a four-letter word, else OP_READ. */
  interestOps = 1;
  // ServerCnxn's statistics (cons, crst): packets, and what updateStatsForResponse records.
  packetsReceived = 0;
  packetsSent = 0;
  lastOp = 'NA';
  lastCxid = -1;
  lastZxid = -1;
  lastResponseTime = 0;
  lastLatency = 0;
  minLatency = Number.MAX_SAFE_INTEGER;
  maxLatency = 0;
  count = 0;
  totalLatency = 0;

  constructor(
    private readonly ctx: Context,
    readonly conn: ConnId,
    readonly remote: string,
    private readonly server: CnxnServer,
  ) {
    // Every connection starts authenticated as its client's ip.
    this.addAuthInfo({ scheme: 'ip', id: remote.split(':')[0] ?? remote });
    // ServerCnxn.established = new Date(): the node's wall clock, which here is its simulated one
    // (Context.currentWallTime: the world's NodeClock, with that node's skew and steps).
    this.established_at = ctx.currentWallTime();
  }

  /** ServerCnxn.addAuthInfo: a set add (an id already there is not added twice). */
  addAuthInfo(id: Id): void {
    if (this.authInfo.some((a) => a.scheme === id.scheme && a.id === id.id)) return;
    this.authSeq.set(id, this.authSeq.size);
    this.authInfo.push(id);
    // ConcurrentHashMap iteration: table index of spread(hashCode), then insertion order in the
    // bin. The table starts at 16 and doubles at 3/4 full (a connection rarely has 12 ids; past
    // that the in-bin order after a resize is not reproduced).
    let cap = 16;
    while (this.authInfo.length >= cap * 0.75) cap *= 2;
    const bucket = (i: Id) => {
      const h = idHashCode(i);
      return (h ^ (h >>> 16)) & 0x7fffffff & (cap - 1);
    };
    this.authInfo.sort((a, b) => bucket(a) - bucket(b) || this.authSeq.get(a)! - this.authSeq.get(b)!);
  }

  private packetReceived(bytes: number): void {
    this.packetsReceived++;
    this.server.packetReceived(bytes);
  }

  private packetSent(): void {
    this.packetsSent++;
    this.server.packetSent();
  }

  /** ServerCnxn.updateStatsForResponse: a request of this connection was answered. */
  updateStatsForResponse(cxid: number, zxid: number, op: string, start: number, end: number): void {
    // Special xids (ping, auth, ...) do not count as the last cxid.
    if (cxid >= 0) this.lastCxid = cxid;
    this.lastZxid = zxid;
    this.lastOp = op;
    this.lastResponseTime = end;
    const elapsed = Math.floor(end - start);
    this.lastLatency = elapsed;
    this.minLatency = Math.min(this.minLatency, elapsed);
    this.maxLatency = Math.max(this.maxLatency, elapsed);
    this.count++;
    this.totalLatency += elapsed;
  }

  /** ServerCnxn.resetStats (crst). */
  resetStats(): void {
    this.packetsReceived = 0;
    this.packetsSent = 0;
    this.minLatency = Number.MAX_SAFE_INTEGER;
    this.maxLatency = 0;
    this.lastOp = 'NA';
    this.lastCxid = -1;
    this.lastZxid = -1;
    this.lastResponseTime = 0;
    this.lastLatency = 0;
    this.count = 0;
    this.totalLatency = 0;
  }

  /** ServerCnxn.dumpConnectionInfo: one line of stat (brief) or cons. */
  dumpConnectionInfo(brief: boolean): string {
    let s = ` /${this.remote}[${this.interestOps === 0 ? '0' : this.interestOps.toString(16)}](queued=${this.outstanding},recved=${this.packetsReceived},sent=${this.packetsSent}`;
    if (!brief && this.sessionId !== 0n) {
      s += `,sid=0x${this.sessionId.toString(16)},lop=${this.lastOp},est=${Math.floor(this.established_at)},to=${this.sessionTimeout}`;
      if (this.lastCxid >= 0) s += `,lcxid=0x${this.lastCxid.toString(16)}`;
      s += `,lzxid=0x${BigInt.asUintN(64, BigInt(this.lastZxid)).toString(16)},lresp=${Math.floor(this.lastResponseTime)},llat=${this.lastLatency}`;
      s += `,minlat=${this.minLatency === Number.MAX_SAFE_INTEGER ? 0 : this.minLatency},avglat=${this.count === 0 ? 0 : Math.floor(this.totalLatency / this.count)},maxlat=${this.maxLatency}`;
    }
    return `${s})`;
  }

  /** NIOServerCnxn.toString, as the connections dump prints it. */
  toString(): string {
    return `ip: /${this.remote} sessionId: 0x${this.sessionId.toString(16)}`;
  }

  onMessage(msg: ClientMessage): void {
    if (this.closed) return;
    this.server.touchCnxn(this);
    if (msg.type === 'jute') {
      // A real client's bytes (zksim serve): NIOServerCnxn reads them and calls back below.
      this.nio ??= new NIOServerCnxn(this);
      this.nio.read(msg);
      return;
    }
    if (msg.type === '4lw') {
      // NIOServerCnxn.checkFourLetterWord: a word the server does not know is read as the
      // length of a packet ("Len error", the connection is dropped, nothing counted).
      this.fourLetterWord(msg.cmd);
      return;
    }
    this.packetReceived(4 + wireSize(msg));
    if (!wellFormed(msg)) {
      this.ctx.trace('zk.bad-packet', { session: this.sessionId });
      this.close();
      return;
    }
    switch (msg.type) {
      case 'connect':
        this.server.processConnectRequest(this, msg);
        return;
      case 'request':
        if (packetLength(msg.body) > JUTE_MAXBUFFER) {
          // NIOServerCnxn: "Len error" — the connection is dropped.
          this.ctx.trace('zk.len-error', { len: packetLength(msg.body), session: this.sessionId });
          this.close();
          return;
        }
        // Receiving is disabled until the session is set up: packets wait in the socket.
        if (!this.established) this.held.push(msg);
        else this.server.processPacket(this, msg);
        return;
    }
  }

  // ---- NIOCnxn: what NIOServerCnxn calls with the packets it read ----------------------

  frameReceived(bytes: number): void {
    this.packetReceived(bytes);
  }

  connectRequest(req: ConnectRequest): void {
    this.server.processConnectRequest(this, req);
  }

  packet(p: RequestPacket): void {
    this.server.processPacket(this, p);
  }

  /** NIOServerCnxn.doIO's IOException: logged ("Len error" for a length), the connection closed. */
  ioError(len: number | undefined, message: string): void {
    if (len !== undefined) this.ctx.trace('zk.len-error', { len, session: this.sessionId });
    else this.ctx.trace('zk.warn', { message: `Close of session 0x${this.sessionId.toString(16)} ${message}` });
    this.close();
  }

  warn(message: string): void {
    this.ctx.trace('zk.warn', { message });
  }

  /** A four-letter word on a fresh connection: answered in pieces, then the connection closes. */
  fourLetterWord(cmd: string): void {
    if (this.established || this.sessionId !== 0n || !isKnownFourLetterWord(cmd)) {
      this.ctx.trace('zk.len-error', { len: -1, session: this.sessionId });
      this.close();
      return;
    }
    this.packetReceived(4);
    this.interestOps = 0; // k.cancel()
    const text = this.server.fourLetterWord(cmd, this);
    if (this.closed) return;
    const answer: ServerMessage = { type: '4lw-answer', text };
    this.ctx.net.send(this.conn, this.nio ? this.nio.encode(answer) : answer);
    for (let i = 0; i < Math.ceil(text.length / FOUR_LETTER_CHUNK); i++) this.packetSent();
    this.close();
  }

  send(msg: ServerMessage): void {
    if (this.closed) return;
    this.packetSent();
    this.server.touchCnxn(this);
    this.ctx.net.send(this.conn, this.nio ? this.nio.encode(msg) : msg);
  }

  /**
   * ServerCnxn.sendResponse: the reply and, for the statistics, the size of its serialised
   * record (after the 16-byte header; none for pings, auth replies and errors).
   */
  reply(xid: number, zxid: number, err: number, body?: unknown, recordSize = 0): void {
    if (xid > 0) this.outstanding = Math.max(0, this.outstanding - 1);
    const r: ReplyPacket =
      body === undefined
        ? { type: 'reply', xid, zxid, err }
        : { type: 'reply', xid, zxid, err, body: body as ReplyPacket['body'] };
    if (!this.closed) this.server.clientResponseSize(REPLY_HEADER_SIZE + recordSize);
    this.send(r);
  }

  sendConnectResponse(r: ConnectResponse): void {
    this.send(r);
  }

  /** The session is set up: read what waited. */
  enableRecv(): void {
    this.established = true;
    const held = this.held;
    this.held = [];
    for (const p of held) if (!this.closed) this.server.processPacket(this, p);
    this.nio?.enableRecv();
  }

  /**
   * Watcher: a watch this connection set has fired. As in Debian's 3.8.0 (the fix for
   * CVE-2024-23944), the event is dropped unless the session may READ the znode.
   */
  process(event: WatchedEvent, znodeAcl?: readonly ACL[] | null): void {
    if (znodeAcl && !isAllowed(znodeAcl, Perms.READ, this.authInfo)) return;
    const p: WatcherEventPacket = {
      type: 'watch',
      xid: Xid.NOTIFICATION,
      zxid: -1,
      eventType: event.type,
      state: event.state ?? KeeperState.SyncConnected,
      path: event.path ?? '',
    };
    if (!this.closed) this.server.clientResponseSize(notificationSize(p.path));
    this.send(p);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ctx.net.close(this.conn);
    this.server.cnxnClosed(this);
  }

  /** The peer went away. */
  onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.cnxnClosed(this);
  }
}

/** org.apache.zookeeper.data.Id.hashCode (jute): 37 * (37 * 17 + scheme.hashCode()) + id.hashCode(). */
function idHashCode(id: Id): number {
  let r = 17;
  r = (Math.imul(37, r) + javaStringHash(id.scheme)) | 0;
  r = (Math.imul(37, r) + javaStringHash(id.id)) | 0;
  return r;
}

/** The packet's length on the wire (what bytes_received_count adds); 0 for what cannot be measured. */
function wireSize(msg: ClientMessage): number {
  try {
    return msg.type === 'connect' ? connectRequestSize(msg) : msg.type === 'request' ? requestSize(msg.body) : 0;
  } catch {
    return 0;
  }
}
