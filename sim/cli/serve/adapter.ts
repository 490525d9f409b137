// The socket side of zksim serve (the only place with real sockets and Node timers): a TCP
// listener on loopback per simulated server, and the pacing of the simulated world to the wall
// clock × speed. Every real connection, its bytes and its close become inputs of the
// ServedWorld at the simulated time they arrive; the simulated client host's output goes back
// to the real sockets. Between inputs, the world is run up to "now" whenever its next event is due.
import { type Server, type Socket, createServer } from 'node:net';
import type { ServedWorld } from '../../harness/serve/served-world.ts';
import type { Violation } from '../../engine/world.ts';

export interface AdapterOptions {
  host: string;
  /** The real port of each server (by sid); 0 picks a free one. */
  ports: Map<number, number>;
  speed: number;
  onViolation(v: Violation): void;
}

export class ServeAdapter {
  private readonly listeners: Server[] = [];
  private readonly sockets = new Map<number, Socket>();
  private nextKey = 1;
  private timer: NodeJS.Timeout | undefined;
  private t0 = 0;
  private sim0 = 0;
  private reported = 0;
  private stopped = false;
  /** The ports bound, by sid. */
  readonly bound = new Map<number, number>();

  constructor(
    private readonly served: ServedWorld,
    private readonly opts: AdapterOptions,
  ) {
    served.sink = {
      bytes: (key, hex) => {
        const s = this.sockets.get(key);
        if (s && !s.destroyed) s.write(Buffer.from(hex, 'hex'));
      },
      closed: (key, how) => {
        const s = this.sockets.get(key);
        this.sockets.delete(key);
        if (!s) return;
        if (how === 'reset') s.resetAndDestroy();
        else s.end();
      },
    };
  }

  /** The simulated time now, µs: where serving began plus the wall time since × speed. */
  simNowUs(): number {
    const wall = performance.now() - this.t0;
    return Math.max(this.served.nowUs, Math.floor(this.sim0 + wall * 1000 * this.opts.speed));
  }

  async start(): Promise<void> {
    for (const s of this.served.servers) {
      const server = createServer({ allowHalfOpen: true, noDelay: true }, (sock) => this.accept(s.sid, sock));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.opts.ports.get(s.sid) ?? s.clientPort, this.opts.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const addr = server.address();
      this.bound.set(s.sid, typeof addr === 'object' && addr ? addr.port : 0);
      this.listeners.push(server);
    }
    this.t0 = performance.now();
    this.sim0 = this.served.nowUs;
    this.pump();
  }

  private accept(sid: number, sock: Socket): void {
    if (this.stopped) {
      sock.destroy();
      return;
    }
    const key = this.nextKey++;
    this.sockets.set(key, sock);
    this.served.input({ t: this.simNowUs(), k: 'open', c: key, s: sid });
    sock.on('data', (d: Buffer) => {
      if (this.stopped) return;
      this.served.input({ t: this.simNowUs(), k: 'data', c: key, hex: d.toString('hex') });
      this.afterWork();
    });
    sock.on('error', () => {});
    sock.on('end', () => this.clientClosed(key, sock));
    sock.on('close', () => this.clientClosed(key, sock));
    this.afterWork();
  }

  /** The real client closed (FIN, or the socket is gone): an input; our side ends once the simulated one is closed. */
  private clientClosed(key: number, sock: Socket): void {
    if (this.stopped || !this.sockets.has(key)) return;
    this.served.input({ t: this.simNowUs(), k: 'close', c: key });
    if (!this.served.host.has(key)) {
      this.sockets.delete(key);
      sock.end();
    }
    this.afterWork();
  }

  /** A control command's answer. */
  command(words: string[]): string {
    const answer = this.served.command(words, this.simNowUs());
    this.afterWork();
    return answer;
  }

  /** Run the world to now, report new violations, and sleep until the next event is due. */
  private pump = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    this.served.advance(this.simNowUs());
    this.afterWork();
  };

  private afterWork(): void {
    const vs = this.served.violations;
    while (this.reported < vs.length) this.opts.onViolation(vs[this.reported++]!);
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.served.nextEventUs();
    const waitMs = next === undefined ? 1000 : (next - this.simNowUs()) / 1000 / this.opts.speed;
    this.timer = setTimeout(this.pump, Math.min(1000, Math.max(0, waitMs)));
  }

  /** Stop: no more inputs, the listeners and every real connection closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
    await Promise.all(this.listeners.map((l) => new Promise<void>((r) => l.close(() => r()))));
  }
}
