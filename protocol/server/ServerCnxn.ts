// ServerCnxn: the server's side of one client connection on the client port. It answers
// four-letter words, hands the connect request to the server, turns packets into requests
// (auth is handled at once, as ZooKeeperServer.processPacket does), and is the Watcher the
// data tree notifies: a triggered watch becomes a notification packet (xid -1).
import type { ConnId, Context } from '../actor.ts';
import { type ACL, type Id, type WatchedEvent, KeeperState, Perms } from '../data.ts';
import { isAllowed } from '../datatree/ACL.ts';
import type { Watcher } from '../datatree/WatchManager.ts';
import type { ClientMessage, ConnectResponse, ReplyPacket, RequestPacket, ServerMessage, WatcherEventPacket } from '../proto.ts';
import { Xid } from '../proto.ts';
import type { RequestOrigin } from './Request.ts';
import { JUTE_MAXBUFFER, packetLength } from './packetLength.ts';
import { wellFormed } from './packetCheck.ts';

/** What a connection needs of its server. */
export interface CnxnServer {
  processConnectRequest(cnxn: ServerCnxn, req: Extract<ClientMessage, { type: 'connect' }>): void;
  processPacket(cnxn: ServerCnxn, packet: RequestPacket): void;
  fourLetterWord(cmd: string, cnxn: ServerCnxn): string;
  cnxnClosed(cnxn: ServerCnxn): void;
}

export class ServerCnxn implements Watcher, RequestOrigin {
  sessionId = 0n;
  sessionTimeout = 0;
  readonly authInfo: Id[];
  /** Session established: packets other than connect are accepted. */
  established = false;
  closed = false;
  private held: RequestPacket[] = [];
  packetsReceived = 0;
  packetsSent = 0;
  lastZxid = -1;
  outstanding = 0;
  readonly established_at: number;

  constructor(
    private readonly ctx: Context,
    readonly conn: ConnId,
    readonly remote: string,
    private readonly server: CnxnServer,
  ) {
    // Every connection starts authenticated as its client's ip.
    this.authInfo = [{ scheme: 'ip', id: remote.split(':')[0] ?? remote }];
    this.established_at = ctx.now();
  }

  onMessage(msg: ClientMessage): void {
    if (this.closed) return;
    this.packetsReceived++;
    if (!wellFormed(msg)) {
      this.ctx.trace({ ev: 'zk.bad-packet', session: this.sessionId });
      this.close();
      return;
    }
    switch (msg.type) {
      case '4lw': {
        const text = this.server.fourLetterWord(msg.cmd, this);
        this.send({ type: '4lw-answer', text });
        this.close();
        return;
      }
      case 'connect':
        this.server.processConnectRequest(this, msg);
        return;
      case 'request':
        if (packetLength(msg.body) > JUTE_MAXBUFFER) {
          // NIOServerCnxn: "Len error" — the connection is dropped.
          this.ctx.trace({ ev: 'zk.len-error', len: packetLength(msg.body), session: this.sessionId });
          this.close();
          return;
        }
        // Receiving is disabled until the session is set up: packets wait in the socket.
        if (!this.established) this.held.push(msg);
        else this.server.processPacket(this, msg);
        return;
    }
  }

  send(msg: ServerMessage): void {
    if (this.closed) return;
    this.packetsSent++;
    this.ctx.net.send(this.conn, msg);
  }

  reply(xid: number, zxid: number, err: number, body?: unknown): void {
    if (xid > 0) this.outstanding = Math.max(0, this.outstanding - 1);
    this.lastZxid = zxid;
    const r: ReplyPacket = body === undefined ? { type: 'reply', xid, zxid, err } : { type: 'reply', xid, zxid, err, body: body as ReplyPacket['body'] };
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
