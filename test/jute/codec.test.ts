// The jute codec (protocol/jute/) against bytes: hand-written records, and what the real
// ZooKeeper 3.8.0 server sent (test/fixtures/wire38/probe.json): every reply the real server
// sent decodes, and re-encodes to the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataLength } from '../../protocol/data.ts';
import { BinaryInputArchive, BinaryOutputArchive, JuteIOException } from '../../protocol/jute/archive.ts';
import {
  readConnectRequest,
  readConnectResponse,
  readReplyHeader,
  readRequestHeader,
  readWatcherEvent,
  writeConnectRequest,
  writeConnectResponse,
  writeReplyHeader,
  writeWatcherEvent,
} from '../../protocol/jute/records.ts';
import { marshallingError, readRequest, writeRequest } from '../../protocol/jute/requests.ts';
import { readResponse, writeResponse } from '../../protocol/jute/responses.ts';
import { dataFromBytes, dataToBytes, encodeJavaString, fromHex, toHex } from '../../protocol/jute/utf8.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { frames, probe } from './probe.ts';

const bytes = (...xs: number[]) => new Uint8Array(xs);

describe('BinaryInputArchive / BinaryOutputArchive', () => {
  it('writes ints, longs, booleans, strings, buffers and vectors big-endian, -1 for null', () => {
    const a = new BinaryOutputArchive();
    a.writeInt(-2);
    a.writeLong(0x100000002);
    a.writeLong(-1);
    a.writeBool(true);
    a.writeString('/a');
    a.writeString(null);
    a.writeBuffer(bytes(0xff));
    a.writeVector(['x'], (o, s) => o.writeString(s));
    a.writeVector(null, () => {});
    expect(toHex(a.toBytes())).toBe(
      'fffffffe' +
        '0000000100000002' +
        'ffffffffffffffff' +
        '01' +
        '000000022f61' +
        'ffffffff' +
        '00000001ff' +
        '000000010000000178' +
        'ffffffff',
    );
  });

  it('reads them back; a short record is EOFException, a bad length "Unreasonable length" (checkLength)', () => {
    const r = new BinaryInputArchive(fromHex('fffffffe0000000100000002000000022f61ffffffff01'));
    expect(r.readInt()).toBe(-2);
    expect(r.readLongNumber()).toBe(0x100000002);
    expect(r.readString()).toBe('/a');
    expect(r.readString()).toBeNull();
    expect(r.readBool()).toBe(true);
    expect(() => r.readInt()).toThrow(JuteIOException);
    expect(() => new BinaryInputArchive(fromHex('00000005ab')).readBuffer()).toThrow('EOF');
    expect(() => new BinaryInputArchive(fromHex('fffffffe')).readString()).toThrow('Unreasonable length = -2');
    // maxBuffer + extra size (both 0xfffff by default): 0x1ffffe passes the check, 0x1fffff does not.
    expect(() => new BinaryInputArchive(fromHex('001fffff')).readBuffer()).toThrow('Unreasonable length = 2097151');
    expect(() => new BinaryInputArchive(fromHex('001ffffe')).readBuffer()).toThrow('EOF');
    // A negative count other than -1 is an empty vector (BinaryIndex.done), -1 is null.
    expect(new BinaryInputArchive(fromHex('fffffff0')).readVector((x) => x.readInt())).toEqual([]);
    expect(new BinaryInputArchive(fromHex('ffffffff')).readVector((x) => x.readInt())).toBeNull();
  });
});

describe('strings and data', () => {
  it('writes a String as stringToByteBuffer does: each UTF-16 unit on its own (a supplementary character is 6 bytes)', () => {
    expect(toHex(encodeJavaString('é'))).toBe('c3a9');
    expect(toHex(encodeJavaString('😀'))).toBe('eda0bdedb880');
  });

  it('keeps any data bytes unchanged, and dataLength counts them (surrogateescape for what is not UTF-8)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const s = dataFromBytes(b)!;
        expect(toHex(dataToBytes(s)!)).toBe(toHex(b));
        expect(dataLength(s)).toBe(b.length);
      }),
    );
    expect(dataFromBytes(bytes(0x68, 0xff, 0x00, 0xc3, 0x28))).toBe('h\udcff\u0000\udcc3(');
    expect(dataFromBytes(fromHex('c3a9'))).toBe('é');
    expect(dataFromBytes(null)).toBeNull();
  });
});

describe('records, as the real 3.8.0 server wrote them (wire38/probe.json)', () => {
  it('ConnectResponse: protocolVersion, timeOut, sessionId, 16-byte passwd, then readOnly unless the client is old', () => {
    const [withRo] = frames(probe.connect!.got[0]!.hex);
    const [without] = frames(probe['connect-old-client']!.got[0]!.hex);
    expect(withRo!.length).toBe(4 + 4 + 8 + 4 + 16 + 1);
    expect(without!.length).toBe(withRo!.length - 1);
    const r = readConnectResponse(new BinaryInputArchive(withRo!));
    expect(r.timeOut).toBe(30000);
    expect(r.passwd).toHaveLength(32);
    for (const [f, ro] of [
      [withRo!, true],
      [without!, false],
    ] as const) {
      const o = new BinaryOutputArchive();
      writeConnectResponse(o, readConnectResponse(new BinaryInputArchive(f)), ro);
      expect(toHex(o.toBytes())).toBe(toHex(f));
    }
  });

  it('ConnectRequest: the readOnly byte is optional (an old client sends none)', () => {
    const [sent] = frames(probe.connect!.sent[0]!);
    const { req, hasReadOnly } = readConnectRequest(new BinaryInputArchive(sent!));
    expect(hasReadOnly).toBe(true);
    expect(req).toMatchObject({ protocolVersion: 0, lastZxidSeen: 0, timeOut: 30000, sessionId: 0n, readOnly: false });
    const o = new BinaryOutputArchive();
    writeConnectRequest(o, req);
    expect(toHex(o.toBytes())).toBe(toHex(sent!));
    const [old] = frames(probe['connect-old-client']!.sent[0]!);
    expect(readConnectRequest(new BinaryInputArchive(old!)).hasReadOnly).toBe(false);
    expect(() => readConnectRequest(new BinaryInputArchive(frames(probe['connect-truncated']!.sent[0]!)[0]!))).toThrow(
      'EOF',
    );
  });

  it('every reply decodes by the op of its request and re-encodes to the same bytes', () => {
    let checked = 0;
    for (const [name, c] of Object.entries(probe)) {
      // The op of each xid, from the frames sent.
      const ops = new Map<number, number>();
      for (const s of c.sent.slice(1)) {
        const [f] = frames(s);
        if (f && f.length >= 8) {
          const h = readRequestHeader(new BinaryInputArchive(f));
          ops.set(h.xid, h.type);
        }
      }
      if (name.startsWith('four-letter')) continue;
      // The stream's first frame is the ConnectResponse (above); then replies and events.
      for (const f of frames(c.got.map((g) => g.hex).join('')).slice(1)) {
        const a = new BinaryInputArchive(f);
        const h = readReplyHeader(a);
        const o = new BinaryOutputArchive();
        writeReplyHeader(o, h);
        if (h.xid === -1) writeWatcherEvent(o, readWatcherEvent(a));
        else if (h.err === 0) writeResponse(o, ops.get(h.xid)!, readResponse(ops.get(h.xid)!, a));
        expect(a.remaining(), `${name} xid ${h.xid}: bytes left over`).toBe(0);
        expect(toHex(o.toBytes()), `${name} xid ${h.xid}`).toBe(toHex(f));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(35);
  });

  it('every request record the probe sent reads and writes back the same (the malformed ones marked)', () => {
    const marked: string[] = [];
    for (const [name, c] of Object.entries(probe)) {
      for (const s of c.sent.slice(1)) {
        for (const f of frames(s)) {
          if (f.length < 8) continue;
          const a = new BinaryInputArchive(f);
          const h = readRequestHeader(a);
          if ([OpCode.auth, OpCode.sasl, OpCode.check, 999].includes(h.type)) continue;
          const body = readRequest(h.type, a);
          const why = marshallingError(body);
          if (why !== undefined) {
            marked.push(`${name} ${h.type}: ${why}`);
            continue;
          }
          const o = new BinaryOutputArchive();
          writeRequest(o, body);
          expect(toHex(o.toBytes()), `${name} xid ${h.xid}`).toBe(toHex(f.slice(8)));
        }
      }
    }
    expect(marked).toEqual([
      'getdata-truncated 4: EOF',
      'create-truncated 1: EOF',
      'multi 14: Mixing different kind of ops',
    ]);
  });
});
