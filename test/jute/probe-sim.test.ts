// The simulated server against the real one, byte for byte: the frames of each case of
// test/fixtures/wire38/probe.json go to a simulated standalone server, 300 ms apart as the
// recording sent them, all cases in order on one server as they were recorded; what comes back
// must be what the real 3.8.0 server sent — the same frames, xids, error codes, records and
// watch events, and the connection closed after the same frame — but for what differs between
// two runs of any server: session ids, passwords, znode times. Zxids are compared within a
// case (each case's must rise as the real one's did).
import { describe, expect, it } from 'vitest';
import type { Actor, ConnId, Context, Message } from '../../protocol/actor.ts';
import { BinaryInputArchive } from '../../protocol/jute/archive.ts';
import {
  readConnectResponse,
  readReplyHeader,
  readRequestHeader,
  readWatcherEvent,
} from '../../protocol/jute/records.ts';
import { readResponse } from '../../protocol/jute/responses.ts';
import { installStandalone } from '../../scenarios/standalone.ts';
import { World } from '../../sim/engine/world.ts';
import { frames, probe } from './probe.ts';

const STEP_MS = 300;

class ProbeClient implements Actor {
  got = '';
  closedAfter: number | null = null;
  private step = 0;
  constructor(
    private readonly ctx: Context,
    private readonly addr: string,
    private readonly steps: string[],
  ) {}
  start(): void {
    this.ctx.net.connect(this.addr, 1000);
  }
  onConnect(conn: ConnId): void {
    const next = () => {
      if (this.step >= this.steps.length || this.closedAfter !== null) return;
      this.ctx.net.send(conn, { type: 'jute', hex: this.steps[this.step]! } as Message);
      this.step++;
      this.ctx.setTimer(STEP_MS, 'probe.step', next);
    };
    next();
  }
  onMessage(_c: ConnId, msg: Message): void {
    this.got += (msg as unknown as { hex: string }).hex;
  }
  onClose(): void {
    this.closedAfter = this.step - 1;
  }
}

/** A reply stream as comparable values: session ids, passwords and times masked, zxids as given. */
function readable(name: string, sent: string[], hex: string): unknown[] {
  const ops = new Map<number, number>();
  for (const s of sent.slice(1))
    for (const f of frames(s))
      if (f.length >= 8) {
        const h = readRequestHeader(new BinaryInputArchive(f));
        ops.set(h.xid, h.type);
      }
  if (name.startsWith('four-letter')) return [new TextDecoder().decode(Buffer.from(hex, 'hex'))];
  return frames(hex).map((f, i) => {
    const a = new BinaryInputArchive(f);
    if (i === 0) {
      const r = readConnectResponse(a);
      return { ...r, sessionId: 'S', passwd: r.passwd.length, bytes: f.length };
    }
    const h = readReplyHeader(a);
    const body = h.xid === -1 ? readWatcherEvent(a) : h.err === 0 ? readResponse(ops.get(h.xid)!, a) : undefined;
    return JSON.parse(
      JSON.stringify({ ...h, body }, (k, v) =>
        k === 'ctime' || k === 'mtime'
          ? 'T'
          : k === 'ephemeralOwner'
            ? v === 0n
              ? 0
              : 'S'
            : typeof v === 'bigint'
              ? String(v)
              : v,
      ),
    );
  });
}

/** Zxids (of headers and stats) relative to the case's lowest one (-1 and 0 stay). */
function relative(values: unknown[]): unknown[] {
  const zx = values.map((v) => (v as { zxid?: number }).zxid).filter((z) => z !== undefined && z > 0) as number[];
  const base = zx.length > 0 ? Math.min(...zx) : 0;
  const keys = new Set(['zxid', 'czxid', 'mzxid', 'pzxid']);
  return JSON.parse(JSON.stringify(values, (k, v) => (keys.has(k) && typeof v === 'number' && v > 0 ? v - base : v)));
}

describe('the simulated server answers the probe frames as the real 3.8.0 server did', () => {
  const world = new World(1);
  const addr = installStandalone(world);
  world.start('zk');
  world.run({ untilMs: 100 });
  const results = new Map<string, ProbeClient>();
  for (const [name, c] of Object.entries(probe)) {
    let client: ProbeClient | undefined;
    world.addNode(`p-${name}`, (ctx) => (client = new ProbeClient(ctx, addr, c.sent)));
    world.start(`p-${name}`);
    world.run({ untilMs: world.nowMs + STEP_MS * (c.sent.length + 1) });
    results.set(name, client!);
  }

  for (const [name, c] of Object.entries(probe)) {
    it(name, () => {
      const sim = results.get(name)!;
      if (name === 'check-op') {
        // 3.8.0 took a top-level check (a txn, no reply); 3.8.5+ answer it UNIMPLEMENTED and close (ZOOKEEPER-2623).
        expect(readable(name, c.sent, sim.got).slice(1)).toEqual([{ xid: 1, zxid: -1, err: -6 }]);
        expect(sim.closedAfter).toBe(1);
        return;
      }
      expect(relative(readable(name, c.sent, sim.got))).toEqual(
        relative(readable(name, c.sent, c.got.map((g) => g.hex).join(''))),
      );
      expect(sim.closedAfter).toBe(c.closedAfterStep);
    });
  }
});
