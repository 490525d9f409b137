// The simulated client host of zksim serve: every real connection enters the simulated network
// here, as a connection from this node to the server's client address, so latency, partitions
// and pauses of the simulated network reach real clients. It relays bytes both ways unchanged
// (the server reads them, protocol/server/NIOServerCnxn.ts) and reads them on the side
// (wire-tap.ts) to trace what the real client does. Its inputs come from outside the event loop,
// through ServedWorld, keyed by the real connection's number.
import type { Actor, CloseReason, ConnId, ConnectFailure, Context, Message } from '../../../protocol/actor.ts';
import type { WireBytes } from '../../../protocol/proto.ts';
import { WireTap } from './wire-tap.ts';

/** What happens to a real connection, for the socket side. */
export interface HostSink {
  /** Bytes for the real client. */
  bytes(key: number, hex: string): void;
  /** The simulated connection is gone: close the real one (reset: as an RST). */
  closed(key: number, how: 'closed' | 'reset'): void;
}

/**
 * A simulated connect across a partition fails after this long; the host then tries again, as a
 * kernel retransmits its SYN, for as long as the real client keeps its socket open (it gives up
 * on its own connect timeout). So a connect started during a partition gets through soon after
 * the heal.
 */
const SYN_RETRY_MS = 1000;

interface Link {
  key: number;
  conn: ConnId;
  addr: string;
  open: boolean;
  /** Bytes the real client sent before the simulated connection was up. */
  waiting: string[];
  tap: WireTap;
}

export class ClientHost implements Actor {
  private readonly byKey = new Map<number, Link>();
  private readonly byConn = new Map<ConnId, Link>();

  constructor(
    private readonly ctx: Context,
    private readonly sink: HostSink,
  ) {}

  start(): void {}

  /** A real client connected to the port of the server at `addr`. */
  open(key: number, addr: string): void {
    const conn = this.ctx.net.connect(addr, SYN_RETRY_MS);
    const link: Link = { key, conn, addr, open: false, waiting: [], tap: new WireTap(this.ctx, addr) };
    this.byKey.set(key, link);
    this.byConn.set(conn, link);
  }

  /** It sent bytes. */
  data(key: number, hex: string): void {
    const link = this.byKey.get(key);
    if (!link) return;
    link.tap.sent(hex);
    if (link.open) this.ctx.net.send(link.conn, { type: 'jute', hex } as WireBytes);
    else link.waiting.push(hex);
  }

  /**
   * It closed its socket (its FIN). A four-letter word's client (nc) half-closes and waits for
   * the answer, which 3.8 writes with the selection key cancelled, deaf to that FIN: its
   * connection stays until the server closes it.
   */
  close(key: number): void {
    const link = this.byKey.get(key);
    if (!link || link.tap.fourLetterWord) return;
    this.forget(link);
    this.ctx.net.close(link.conn);
  }

  /** Is the real connection `key` still open here? */
  has(key: number): boolean {
    return this.byKey.has(key);
  }

  private forget(link: Link): void {
    link.tap.closed();
    this.byKey.delete(link.key);
    this.byConn.delete(link.conn);
  }

  onConnect(conn: ConnId): void {
    const link = this.byConn.get(conn);
    if (!link) return;
    link.open = true;
    for (const hex of link.waiting) this.ctx.net.send(conn, { type: 'jute', hex } as WireBytes);
    link.waiting = [];
  }

  onConnectFailed(conn: ConnId, reason: ConnectFailure): void {
    const link = this.byConn.get(conn);
    if (!link) return;
    this.byConn.delete(conn);
    if (reason === 'timeout') {
      // No answer (a partition): try again, as the kernel retransmits the SYN.
      link.conn = this.ctx.net.connect(link.addr, SYN_RETRY_MS);
      this.byConn.set(link.conn, link);
      return;
    }
    this.forget(link);
    this.sink.closed(link.key, 'reset');
  }

  onMessage(conn: ConnId, msg: Message): void {
    const link = this.byConn.get(conn);
    if (!link || msg.type !== 'jute') return;
    const hex = (msg as WireBytes).hex;
    link.tap.received(hex);
    this.sink.bytes(link.key, hex);
  }

  onClose(conn: ConnId, reason: CloseReason): void {
    const link = this.byConn.get(conn);
    if (!link) return;
    this.forget(link);
    this.sink.closed(link.key, reason === 'closed' ? 'closed' : 'reset');
  }

  /** Real connections open now. */
  get connections(): number {
    return this.byKey.size;
  }

  /** Each real connection open now: its number and the server address it went to. */
  links(): { key: number; server: string; open: boolean }[] {
    return [...this.byKey.values()].map((l) => ({ key: l.key, server: l.tap.serverAddr, open: l.open }));
  }
}
