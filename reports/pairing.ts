// Pairing sends with receives, from the trace alone. A connection delivers FIFO per
// direction (sim/engine/network.ts), so a `recv` on conn C from node X is the oldest `send` of X on
// C not yet received. A send can be lost: dropped at once (a `conn` event `drop` right after
// it), cut off by a reset or a closed receiver (its queue is cleared: later receipts on C
// skip it), or still in flight when the run ends.
import type { EventOf, TraceEvent } from '../sim/engine/trace.ts';

export interface Pending<T> {
  /** Trace index of the send. */
  i: number;
  type: string;
  from: string;
  /** The receiving node, if the connection's ends were seen. */
  to: string | undefined;
  payload: T;
}

export class Pairer<T> {
  /** conn id → its two ends (as far as seen). */
  private readonly ends = new Map<number, [string | undefined, string | undefined]>();
  /** `${conn}>${sender}` → sends not yet received, oldest first. */
  private readonly queues = new Map<string, Pending<T>[]>();

  /** Track connection ends from `conn` events; call for every event. */
  observe(ev: TraceEvent): void {
    if (ev.k !== 'conn') return;
    if (ev.what === 'connect') this.setEnds(ev.conn, ev.n, ev.to === '?' ? undefined : ev.to);
    else if (ev.what === 'accept') this.setEnds(ev.conn, ev.peer, ev.n);
    else if (ev.what === 'open') this.setEnds(ev.conn, ev.n, ev.peer);
  }

  private setEnds(conn: number, a: string | undefined, b: string | undefined): void {
    const cur = this.ends.get(conn) ?? [undefined, undefined];
    this.ends.set(conn, [a ?? cur[0], b ?? cur[1]]);
  }

  /** The other end of a connection from `node`. */
  peerOf(conn: number, node: string): string | undefined {
    const e = this.ends.get(conn);
    if (!e) return undefined;
    return e[0] === node ? e[1] : e[0];
  }

  send(ev: EventOf<'send'>, payload: T): Pending<T> {
    const conn = ev.conn;
    const from = ev.n;
    const p: Pending<T> = {
      i: ev.i,
      type: ev.msg.type,
      from,
      to: this.peerOf(conn, from),
      payload,
    };
    const key = `${conn}>${from}`;
    const q = this.queues.get(key);
    if (q) q.push(p);
    else this.queues.set(key, [p]);
    return p;
  }

  /** A `recv` event: the send it completes, and the sends it proves lost (skipped). */
  recv(ev: EventOf<'recv'>): { sent: Pending<T> | undefined; lost: Pending<T>[] } {
    const q = this.queues.get(`${ev.conn}>${ev.from}`);
    const lost: Pending<T>[] = [];
    while (q && q.length > 0) {
      const head = q.shift()!;
      if (head.type === ev.m) return { sent: head, lost };
      lost.push(head);
    }
    return { sent: undefined, lost };
  }

  /** A `conn` `drop` event: the latest send of that type on that connection never left. */
  drop(ev: Extract<EventOf<'conn'>, { what: 'drop' }>): Pending<T> | undefined {
    const q = this.queues.get(`${ev.conn}>${ev.n}`);
    if (!q) return undefined;
    for (let j = q.length - 1; j >= 0; j--) {
      if (q[j]!.type === ev.m) return q.splice(j, 1)[0];
    }
    return undefined;
  }

  /** Sends never received (in flight at the end, or lost), in send order. */
  unreceived(): Pending<T>[] {
    return [...this.queues.values()].flat().sort((a, b) => a.i - b.i);
  }
}

/** Lanes in reading order: servers by id, then clients by id, then anything else. */
export function laneOrder(nodes: Iterable<string>): string[] {
  const rank = (n: string) => (n.startsWith('s') ? 0 : n.startsWith('c') ? 1 : 2);
  const num = (n: string) => Number(n.replace(/^\D+/, '')) || 0;
  return [...nodes].sort((a, b) => rank(a) - rank(b) || num(a) - num(b) || a.localeCompare(b));
}
