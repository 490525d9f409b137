// Benchmark workloads (timed by the CLI, never inside the simulator).
// engine: a raw message workload — nodes on a full mesh of connections bouncing counters,
// with a steady number of messages in flight; every delivery is one queue event, traced and
// hashed as in any run. bare: the heap loop alone, the yardstick every bench figure is given beside.
import type { Actor, ConnId, Context, Message } from '../../protocol/actor.ts';
import { World } from '../engine/world.ts';
import { EventQueue, type Scheduled } from '../engine/queue.ts';

interface Bounce extends Message {
  readonly type: 'bounce';
  readonly n: number;
}

class Bouncer implements Actor {
  private readonly conns: ConnId[] = [];
  constructor(
    private readonly ctx: Context,
    private readonly index: number,
    private readonly peers: number,
    private readonly inFlight: number,
  ) {}
  start(): void {
    this.ctx.net.listen(`bench${this.index}:1`);
  }
  connectAll(): void {
    for (let j = this.index + 1; j < this.peers; j++) this.ctx.net.connect(`bench${j}:1`, 1000);
  }
  onAccept(conn: ConnId): void {
    this.conns.push(conn);
  }
  onConnect(conn: ConnId): void {
    this.conns.push(conn);
    for (let k = 0; k < this.inFlight; k++) this.ctx.net.send(conn, { type: 'bounce', n: k } as Bounce);
  }
  onMessage(_conn: ConnId, msg: Message): void {
    const n = (msg as Bounce).n + 1;
    const conns = this.conns;
    this.ctx.net.send(conns[n % conns.length]!, { type: 'bounce', n } as Bounce);
  }
}

/** Build the engine workload: `peers` nodes, `inFlight` messages per connection. */
export function engineWorkload(seed: number, peers = 8, inFlight = 4): World {
  const world = new World(seed);
  const actors: Bouncer[] = [];
  for (let i = 0; i < peers; i++) {
    world.addNode(`b${i}`, (ctx) => {
      const a = new Bouncer(ctx, i, peers, inFlight);
      actors[i] = a;
      return a;
    });
  }
  for (let i = 0; i < peers; i++) world.start(`b${i}`);
  for (const a of actors) a.connectAll();
  return world;
}

/**
 * The bare loop the engine is measured against: the engine's own binary heap (sim/engine/queue.ts,
 * (time, seq) order) with 64 events in flight, each pop pushing one event a pseudo-random delay
 * later, and nothing else: what a discrete-event loop in JS costs at the least. Returns a
 * checksum (so nothing is optimised away).
 */
export function bareHeapLoop(events: number, inFlight = 64): number {
  const q = new EventQueue<Scheduled>();
  for (let k = 0; k < inFlight; k++) q.push({ time: k, seq: 0 });
  let x = 12345;
  let sum = 0;
  for (let k = 0; k < events; k++) {
    const ev = q.pop()!;
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    sum = (sum + ev.time) % 1_000_000_007;
    q.push({ time: ev.time + 1 + (x % 1000), seq: 0 });
  }
  return sum;
}
