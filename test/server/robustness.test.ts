// Bad input never crashes the server: random and malformed packets — invalid paths, huge
// data, bad ACLs, unknown ops, nonsense flags and versions, broken multis — each get an error
// reply or cost the sender its connection, and the server keeps serving everyone else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, ConnId, Context, Message } from '../../protocol/actor.ts';
import { CreateMode, Ids } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import { installStandalone } from '../../scenarios/standalone.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { fourLetterWord } from '../../sim/cli/fourlw.ts';
import { World } from '../../sim/engine/world.ts';

class RawClient implements Actor {
  conn: ConnId | undefined;
  replies: { xid: number; err: number }[] = [];
  closed = false;
  constructor(
    private readonly ctx: Context,
    private readonly packets: unknown[],
  ) {}
  start(): void {
    this.conn = this.ctx.net.connect('127.0.0.1:2181', 1000);
  }
  onConnect(conn: ConnId): void {
    this.ctx.net.send(conn, {
      type: 'connect',
      protocolVersion: 0,
      lastZxidSeen: 0,
      timeOut: 10_000,
      sessionId: 0n,
      passwd: '00'.repeat(16),
      readOnly: false,
    } as Message);
    for (const p of this.packets) this.ctx.net.send(conn, p as Message);
  }
  onMessage(_c: ConnId, msg: Message): void {
    const m = msg as unknown as { type: string; xid: number; err: number };
    if (m.type === 'reply') this.replies.push({ xid: m.xid, err: m.err });
  }
  onClose(): void {
    this.closed = true;
  }
}

const path = fc.oneof(
  fc.constantFrom(
    '/',
    '/a',
    '/a/b',
    '',
    'a',
    '/a/',
    '//',
    '/a//b',
    '/./x',
    '/../x',
    '/a\u0000b',
    '/zookeeper',
    '/zookeeper/quota',
    '/zookeeper/config',
    '/zookeeper/quota/a/zookeeper_limits',
    '/\uD800x',
    '/x\u0001',
  ),
  fc.string({ maxLength: 12 }).map((s) => `/${s}`),
);
const acl = fc.oneof(
  fc.constant(Ids.OPEN_ACL_UNSAFE),
  fc.constant([]),
  fc.array(
    fc.record({
      perms: fc.integer({ min: -5, max: 40 }),
      id: fc.record({
        scheme: fc.constantFrom('world', 'auth', 'digest', 'ip', 'super', 'x509', 'nope', ''),
        id: fc.constantFrom('anyone', '', 'u:p', 'u:abc=', '10.0.0.1', '10.0.0.0/33', '1.2.3', 'x:y:z'),
      }),
    }),
    { maxLength: 3 },
  ),
);
const data = fc.oneof(fc.constant(null), fc.string({ maxLength: 20 }), fc.constant('x'.repeat(1_100_000)));
const version = fc.integer({ min: -3, max: 3 });
const flags = fc.integer({ min: -2, max: 9 });
const op = fc.oneof(
  fc.record({ op: fc.constantFrom(1, 15, 19), path, data, acl, flags }),
  fc.record({ op: fc.constant(21), path, data, acl, flags, ttl: fc.integer({ min: -5, max: 10_000 }) }),
  fc.record({ op: fc.constant(2), path, version }),
  fc.record({ op: fc.constant(5), path, data, version }),
  fc.record({ op: fc.constant(13), path, version }),
);
const body = fc.oneof(
  op,
  fc.record({ op: fc.constantFrom(3, 4, 8, 12), path, watch: fc.boolean() }),
  fc.record({ op: fc.constantFrom(6, 9, 104), path }),
  fc.record({ op: fc.constant(7), path, acl, version }),
  fc.record({ op: fc.constant(14), ops: fc.array(op, { maxLength: 4 }) }),
  fc.record({ op: fc.constant(106), path, mode: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ op: fc.constantFrom(17, 18), path, type: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant(103), prefixPath: path }),
  fc.record({ op: fc.constantFrom(107, 20, 16, 22, 999, -10) }),
  fc.record({
    op: fc.constant(100),
    scheme: fc.constantFrom('digest', 'ip', 'nope'),
    auth: fc.string({ maxLength: 8 }),
  }),
);
const packet = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('request'), xid: fc.integer({ min: 1, max: 1000 }), body }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { type: 'request' },
      { type: 'request', xid: 'x', body: {} },
      { type: 'nonsense' },
      { type: 'request', xid: 1, body: { op: 1, path: 5 } },
    ),
  },
);

describe('robustness', () => {
  it('property: random and malformed packets never crash the server; it keeps serving a well-behaved client', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(packet, { minLength: 1, maxLength: 25 }),
        async (seed, packets) => {
          const world = new World(seed);
          installStandalone(world);
          world.start('zk');
          let raw: RawClient | undefined;
          world.addNode('raw', (ctx) => (raw = new RawClient(ctx, packets)));
          world.start('raw');
          world.run({ untilMs: 2000 });
          expect(world.node('zk').up).toBe(true);
          // Every packet got a reply, or the connection was dropped.
          if (!raw!.closed) expect(raw!.replies.length).toBeGreaterThanOrEqual(packets.length);
          expect(fourLetterWord(world, '127.0.0.1:2181', 'ruok')).toBe('imok');
          const good = new SimClient(world, 'good', '127.0.0.1:2181');
          await good.open();
          expect((await good.create('/ok', 'fine', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).path).toBe('/ok');
        },
      ),
      { numRuns: Number(process.env.ZKSIM_PROPERTY_RUNS ?? 100) },
    );
  });

  it('a packet over jute.maxbuffer costs the sender its connection (ConnectionLoss), not the server', async () => {
    const world = new World(1);
    installStandalone(world);
    world.start('zk');
    const c = new SimClient(world, 'c', '127.0.0.1:2181');
    await c.open();
    let code = 0;
    await c
      .create('/big', 'x'.repeat(1_048_576), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
      .catch((e) => (code = e.code));
    expect(code).toBe(Code.CONNECTIONLOSS);
    c.advance(3000);
    expect(c.state()).toBe('CONNECTED');
    expect((await c.create('/small', 'x'.repeat(1000), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).path).toBe(
      '/small',
    );
  });
});
