// QuorumCnxManager, sans-IO: one connection per pair of servers on the election port.
// As in 3.8: only the connection initiated by the larger sid survives (a smaller sid that
// connects says hello and hangs up, and the larger one connects back); each peer has a send
// queue of capacity 1 that keeps only the newest message; a fresh connection re-sends the last
// message sent when nothing is queued; haveDelivered() is true when some queue is empty;
// messages to self go straight to the receive side (on the next turn of the loop). It lives
// as long as its process: QuorumCnxManager.halt is QuorumPeer.shutdown's, and a simulated
// process ends by crash or exit, which closes its whole scope.
import type { ConnId, Context, Message } from '../actor.ts';
import type { QuorumMaj } from './QuorumVerifier.ts';
import type { NotificationMsg, QcmHello } from './Notification.ts';

export class QuorumCnxManager {
  private readonly queues = new Map<number, NotificationMsg | undefined>();
  private readonly lastMessageSent = new Map<number, NotificationMsg>();
  /** Established connections, by peer sid. */
  private readonly senders = new Map<number, ConnId>();
  /** Outgoing connections being opened, by peer sid. */
  private readonly connecting = new Map<number, ConnId>();
  /** Every election connection of ours: the peer sid once known, and who initiated it. */
  private readonly conns = new Map<ConnId, { sid: number | undefined; outgoing: boolean }>();
  private readonly selfQueue: NotificationMsg[] = [];
  private selfTimer: number | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly mySid: number,
    private readonly myElectionAddr: string,
    private readonly qv: QuorumMaj,
    private readonly cnxTimeoutMs: number,
    private readonly deliver: (sid: number, msg: NotificationMsg) => void,
    /** `tcpKeepAlive` (zookeeper.tcpKeepAlive, off by default): SO_KEEPALIVE on election sockets. */
    private readonly tcpKeepAlive = false,
  ) {}

  /** QuorumCnxManager.setSockOpts: SO_KEEPALIVE as `tcpKeepAlive` says, on every election socket, ours and accepted. */
  private setSockOpts(conn: ConnId): void {
    if (this.tcpKeepAlive) this.ctx.net.setKeepAlive(conn, true);
  }

  owns(conn: ConnId): boolean {
    return this.conns.has(conn);
  }

  toSend(sid: number, msg: NotificationMsg): void {
    if (sid === this.mySid) {
      this.selfQueue.push(msg);
      if (this.selfTimer === undefined) this.selfTimer = this.ctx.setTimer(0, 'qcm.self', () => this.deliverToSelf());
      return;
    }
    // ArrayBlockingQueue(SEND_CAPACITY = 1): when full, the older message is dropped.
    this.queues.set(sid, msg);
    const conn = this.senders.get(sid);
    if (conn !== undefined) this.drain(sid, conn);
    else this.connectOne(sid);
  }

  /** True if some peer's send queue is empty (a message went out to it). */
  haveDelivered(): boolean {
    for (const q of this.queues.values()) if (q === undefined) return true;
    return false;
  }

  connectAll(): void {
    for (const sid of [...this.queues.keys()].sort((a, b) => a - b)) this.connectOne(sid);
  }

  connectOne(sid: number): void {
    if (this.senders.has(sid) || this.connecting.has(sid)) return;
    const spec = this.qv.spec(sid);
    if (!spec) return;
    const conn = this.ctx.net.connect(`${spec.host}:${spec.electionPort}`, this.cnxTimeoutMs);
    this.connecting.set(sid, conn);
    this.conns.set(conn, { sid, outgoing: true });
  }

  /** The messages we sent ourselves reach the receive side (addToRecvQueue). */
  private deliverToSelf(): void {
    this.selfTimer = undefined;
    const msgs = this.selfQueue.splice(0);
    for (const m of msgs) this.deliver(this.mySid, m);
  }

  onAccept(conn: ConnId): void {
    // Listener's accept: setSockOpts(client) before the handshake.
    this.setSockOpts(conn);
    this.conns.set(conn, { sid: undefined, outgoing: false });
  }

  onConnect(conn: ConnId): void {
    const c = this.conns.get(conn)!;
    const sid = c.sid!;
    this.connecting.delete(sid);
    // initiateConnection: setSockOpts(sock) (set before connect in Java; the net takes it once connected).
    this.setSockOpts(conn);
    const hello: QcmHello = {
      type: 'qcm.hello',
      sid: this.mySid,
      electionAddr: this.myElectionAddr,
      protocolVersion: -65536,
    };
    this.ctx.net.send(conn, hello);
    if (sid > this.mySid) {
      // "Have smaller server identifier, so dropping the connection": the peer connects back.
      this.ctx.net.close(conn);
      this.conns.delete(conn);
      return;
    }
    this.established(sid, conn);
  }

  onConnectFailed(conn: ConnId): void {
    const c = this.conns.get(conn);
    this.conns.delete(conn);
    if (c?.sid !== undefined && this.connecting.get(c.sid) === conn) this.connecting.delete(c.sid);
  }

  onMessage(conn: ConnId, msg: Message): void {
    const c = this.conns.get(conn);
    if (!c) return;
    if (msg.type === 'qcm.hello') {
      const sid = (msg as QcmHello).sid;
      if (sid < this.mySid) {
        // Only the larger id keeps a connection: hang up and connect back.
        this.ctx.net.close(conn);
        this.conns.delete(conn);
        this.connectOne(sid);
        return;
      }
      c.sid = sid;
      this.established(sid, conn);
      return;
    }
    if (msg.type === 'notification' && c.sid !== undefined) this.deliver(c.sid, msg as NotificationMsg);
  }

  onClose(conn: ConnId): void {
    const c = this.conns.get(conn);
    this.conns.delete(conn);
    if (c?.sid !== undefined && this.senders.get(c.sid) === conn) this.senders.delete(c.sid);
  }

  private established(sid: number, conn: ConnId): void {
    const old = this.senders.get(sid);
    if (old !== undefined && old !== conn) {
      this.ctx.net.close(old);
      this.conns.delete(old);
    }
    this.senders.set(sid, conn);
    // SendWorker: with nothing queued, re-send the last message so the peer surely has it.
    if (this.queues.get(sid) === undefined) {
      const last = this.lastMessageSent.get(sid);
      if (last) this.ctx.net.send(conn, last);
    }
    this.drain(sid, conn);
  }

  private drain(sid: number, conn: ConnId): void {
    const msg = this.queues.get(sid);
    if (msg === undefined) return;
    this.queues.set(sid, undefined);
    this.ctx.net.send(conn, msg);
    this.lastMessageSent.set(sid, msg);
  }
}
