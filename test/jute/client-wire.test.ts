// The client's side of the wire (protocol/jute/client-wire.ts): what the ZooKeeper handle sends
// becomes the bytes 3.8's ClientCnxn sends, and the bytes the real 3.8.0 server sent
// (test/fixtures/wire38/probe.json) become the messages the handle reads, however TCP splits
// them; bad frames end the connection as ClientCnxnSocket.readLength and SendThread.readResponse
// do. Then the socket adapter (sim/cli/tcp-client/): a server that sends a bad frame is left and
// connected to again.
import { type Server, createServer } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BinaryInputArchive, BinaryOutputArchive, JuteIOException } from '../../protocol/jute/archive.ts';
import { ClientWire } from '../../protocol/jute/client-wire.ts';
import {
  readConnectRequest,
  readRequestHeader,
  writeReplyHeader,
  writeWatcherEvent,
} from '../../protocol/jute/records.ts';
import { marshallingError, readRequest } from '../../protocol/jute/requests.ts';
import { fromHex, toHex } from '../../protocol/jute/utf8.ts';
import type { RequestBody, ServerMessage } from '../../protocol/proto.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { TcpClientProcess } from '../../sim/cli/tcp-client/tcp-client.ts';
import { frames, probe } from './probe.ts';

const frame = (payload: Uint8Array) => {
  const out = new Uint8Array(4 + payload.length);
  new DataView(out.buffer).setInt32(0, payload.length);
  out.set(payload, 4);
  return out;
};

/** The ClientMessage a frame the probe sent stands for (the connect request, or a request packet). */
function messageOf(payload: Uint8Array, first: boolean) {
  const a = new BinaryInputArchive(payload);
  if (first) return readConnectRequest(a).req;
  const h = readRequestHeader(a);
  if (h.type === OpCode.auth) {
    a.readInt();
    const scheme = a.readString() ?? '';
    const auth = new TextDecoder().decode(a.readBuffer() ?? new Uint8Array());
    return { type: 'request' as const, xid: h.xid, body: { op: OpCode.auth, scheme, auth } as RequestBody };
  }
  return { type: 'request' as const, xid: h.xid, body: readRequest(h.type, a) };
}

/** Cases whose every frame sent is one a 3.8 client sends (well-formed, known op). */
const WELL_FORMED = ['connect', 'ping', 'create-then-get', 'multi', 'watches', 'auth', 'reconfig', 'close-session'];

describe('ClientWire: out', () => {
  it('encodes each message the handle sends to the bytes the probe sent the real server (Packet.createBB)', () => {
    let checked = 0;
    for (const name of WELL_FORMED) {
      const wire = new ClientWire();
      const c = probe[name]!;
      c.sent.forEach((hex, i) => {
        for (const f of frames(hex)) {
          const m = messageOf(f, i === 0);
          // A record 3.8 could not read (the probe's mixed multi) is not one a client sends.
          if (m.type === 'request' && marshallingError(m.body) !== undefined) continue;
          expect(toHex(wire.encode(m)), `${name} frame ${i}`).toBe(toHex(frame(f)));
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('a ConnectRequest carries the readOnly byte, as 3.8 clients send it', () => {
    const bytes = new ClientWire().encode({
      type: 'connect',
      protocolVersion: 0,
      lastZxidSeen: 0x100000002,
      timeOut: 30000,
      sessionId: 0x20000047d3f0000n,
      passwd: 'ab'.repeat(16),
      readOnly: false,
    });
    const { req, hasReadOnly } = readConnectRequest(new BinaryInputArchive(bytes.slice(4)));
    expect(hasReadOnly).toBe(true);
    expect(req.sessionId).toBe(0x20000047d3f0000n);
    expect(req.lastZxidSeen).toBe(0x100000002);
    expect(new DataView(bytes.buffer).getInt32(0)).toBe(bytes.length - 4);
  });
});

/** The probe case's server bytes, decoded by a wire that sent the case's requests. */
function decodeCase(name: string, chunks: (hex: string) => Uint8Array[]): { got: ServerMessage[]; error?: string } {
  const c = probe[name]!;
  const wire = new ClientWire();
  c.sent.forEach((hex, i) => {
    for (const f of frames(hex)) wire.encode(messageOf(f, i === 0));
  });
  const got: ServerMessage[] = [];
  try {
    for (const chunk of chunks(c.got.map((g) => g.hex).join(''))) wire.decode(chunk, (m) => got.push(m));
  } catch (e) {
    if (!(e instanceof JuteIOException)) throw e;
    return { got, error: e.message };
  }
  return { got };
}

describe('ClientWire: in, what the real 3.8.0 server sent', () => {
  it('create-then-get: the ConnectResponse, then each reply with the record of its request, by xid', () => {
    const { got, error } = decodeCase('create-then-get', (h) => [fromHex(h)]);
    expect(error).toBeUndefined();
    expect(got[0]).toMatchObject({ type: 'connected', timeOut: 30000, readOnly: false });
    expect(got.slice(1).every((m) => m.type === 'reply' || m.type === 'watch')).toBe(true);
    const replies = got.filter((m) => m.type === 'reply');
    expect(replies.length).toBeGreaterThan(10);
    expect(replies.some((r) => r.err === 0 && r.body !== undefined && 'stat' in r.body)).toBe(true);
    expect(replies.some((r) => r.err !== 0 && r.body === undefined)).toBe(true);
  });

  it('watches: events are xid -1 WatcherEvents (type, state, path) with their zxid', () => {
    const { got } = decodeCase('watches', (h) => [fromHex(h)]);
    const events = got.filter((m) => m.type === 'watch');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e).toMatchObject({ xid: -1, state: 3 });
  });

  it('ping (-2) and auth (-4) answers are replies without a record; a failed auth says AUTHFAILED', () => {
    const ping = decodeCase('ping', (h) => [fromHex(h)]).got[1]!;
    expect(ping).toMatchObject({ type: 'reply', xid: -2, err: 0 });
    expect('body' in ping).toBe(false);
    const auth = decodeCase('auth', (h) => [fromHex(h)]).got.filter((m) => m.type === 'reply' && m.xid === -4);
    expect(auth.map((m) => (m as { err: number }).err)).toContain(-115);
  });

  it('decodes the same messages however the stream is split (property: chunking does not matter)', () => {
    for (const name of WELL_FORMED) {
      const whole = decodeCase(name, (h) => [fromHex(h)]);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 }), (sizes) => {
          const split = decodeCase(name, (h) => {
            const b = fromHex(h);
            const out: Uint8Array[] = [];
            let at = 0;
            for (let i = 0; at < b.length; i++) {
              const n = sizes[i % sizes.length]!;
              out.push(b.slice(at, at + n));
              at += n;
            }
            return out;
          });
          expect(split).toEqual(whole);
        }),
        { numRuns: 25 },
      );
    }
  });
});

describe('ClientWire: bad frames (the IOExceptions that close the connection)', () => {
  const connected = () => {
    const w = new ClientWire();
    const first = frames(probe.connect!.got[0]!.hex)[0]!;
    w.decode(frame(first), () => {});
    w.encode({ type: 'request', xid: 1, body: { op: OpCode.getData, path: '/a', watch: false } });
    return w;
  };
  const reply = (xid: number, err: number, record?: (a: BinaryOutputArchive) => void) => {
    const a = new BinaryOutputArchive();
    writeReplyHeader(a, { xid, zxid: 5, err });
    record?.(a);
    return frame(a.toBytes());
  };

  it('a length below 0 or above jute.maxbuffer: "Packet len N is out of range!" (readLength), after the frames before it', () => {
    for (const len of ['ffffffff', '00100000']) {
      const w = connected();
      const got: ServerMessage[] = [];
      const a = new BinaryOutputArchive();
      writeWatcherEvent(a, { type: 1, state: 3, path: '/a' });
      const event = reply(-1, 0, (o) => o.writeRaw(a.toBytes()));
      const bytes = new Uint8Array([...event, ...fromHex(len), 0, 0]);
      expect(() => w.decode(bytes, (m) => got.push(m))).toThrow(
        `Packet len ${new DataView(fromHex(len).buffer).getInt32(0)} is out of range!`,
      );
      expect(got).toEqual([{ type: 'watch', xid: -1, zxid: 5, eventType: 1, state: 3, path: '/a' }]);
    }
    // 0xfffff itself is taken.
    expect(() => connected().decode(fromHex('000fffff'), () => {})).not.toThrow();
  });

  it('a record shorter than its op reads is an EOFException; an error reply carries no record', () => {
    expect(() =>
      connected().decode(
        reply(1, 0, (a) => a.writeInt(3)),
        () => {},
      ),
    ).toThrow(JuteIOException);
    const got: ServerMessage[] = [];
    connected().decode(reply(1, -101), (m) => got.push(m));
    expect(got).toEqual([{ type: 'reply', xid: 1, zxid: 5, err: -101 }]);
  });

  it('a truncated ConnectResponse is an EOFException; a reply to an xid never sent has no record', () => {
    expect(() => new ClientWire().decode(frame(fromHex('00000000')), () => {})).toThrow('EOF');
    const got: ServerMessage[] = [];
    connected().decode(
      reply(7, 0, (a) => a.writeInt(1)),
      (m) => got.push(m),
    );
    expect(got).toEqual([{ type: 'reply', xid: 7, zxid: 5, err: 0 }]);
  });
});

describe('the TCP client (sim/cli/tcp-client)', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('a server sending a bad length is left (the connection closed), and connected to again', async () => {
    let connections = 0;
    server = createServer((sock) => {
      connections++;
      sock.once('data', () => sock.write(Buffer.from('ffffffff', 'hex')));
      sock.on('error', () => {});
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const proc = new TcpClientProcess();
    const errors: string[] = [];
    proc.ctx.onIoError = (_addr, m) => errors.push(m);
    const zk = proc.connect(`127.0.0.1:${port}`, 4000);
    const call = zk.exists('/a', false).catch((e: Error) => e.message);
    try {
      const t0 = Date.now();
      while (connections < 2 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
      expect(connections).toBeGreaterThanOrEqual(2);
      expect(errors[0]).toBe('Packet len -1 is out of range!');
      expect(await call).toBe('KeeperErrorCode = ConnectionLoss for /a');
      expect(zk.state()).toBe('CONNECTING');
    } finally {
      proc.exit();
    }
  });
});
