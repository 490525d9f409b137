// The server side of zksim serve without sockets (ServedWorld): inputs at simulated times give
// the same trace hash every time; the client host relays bytes and traces what the real client
// does (client.call / client.return / client.event, ConnectionLoss for what was pending at a
// close); a paused client host holds its clients' bytes until it resumes.
import { describe, expect, it } from 'vitest';
import { BinaryOutputArchive } from '../../protocol/jute/archive.ts';
import { writeConnectRequest, writeRequestHeader } from '../../protocol/jute/records.ts';
import { writeRequest } from '../../protocol/jute/requests.ts';
import { toHex } from '../../protocol/jute/utf8.ts';
import type { RequestBody } from '../../protocol/proto.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { servedConfigs } from '../../scenarios/served.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import type { ServeInput } from '../../sim/harness/serve/record.ts';
import { servedWorldOf } from '../../sim/cli/serve/serve.ts';

const setup = { seed: 3, zk: '3.8.6', bugs: [], configs: servedConfigs(3, 0), plan: null };

function frame(write: (a: BinaryOutputArchive) => void): string {
  const a = new BinaryOutputArchive();
  write(a);
  const body = a.toBytes();
  const f = new BinaryOutputArchive();
  f.writeInt(body.length);
  f.writeRaw(body);
  return toHex(f.toBytes());
}
const connect = frame((a) =>
  writeConnectRequest(a, {
    type: 'connect',
    protocolVersion: 0,
    lastZxidSeen: 0,
    timeOut: 6000,
    sessionId: 0n,
    passwd: '00'.repeat(16),
    readOnly: false,
  }),
);
const request = (xid: number, body: RequestBody) =>
  frame((a) => {
    writeRequestHeader(a, { xid, type: body.op });
    writeRequest(a, body);
  });
const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];

/** A client on server 2: connect, create /x (xid 0, as node-zookeeper-client counts), watch it, set it. */
function inputs(t0: number): ServeInput[] {
  return [
    { t: t0, k: 'open', c: 1, s: 2 },
    { t: t0 + 100, k: 'data', c: 1, hex: connect },
    {
      t: t0 + 20_000,
      k: 'data',
      c: 1,
      hex: request(0, { op: OpCode.create, path: '/x', data: 'a', acl: OPEN, flags: 0 }),
    },
    { t: t0 + 40_000, k: 'data', c: 1, hex: request(1, { op: OpCode.getData, path: '/x', watch: true }) },
    { t: t0 + 60_000, k: 'data', c: 1, hex: request(2, { op: OpCode.setData, path: '/x', data: 'b', version: 0 }) },
    // A sync then a close at once: the sync's reply never comes back.
    { t: t0 + 80_000, k: 'data', c: 1, hex: request(3, { op: OpCode.sync, path: '/x' }) },
    { t: t0 + 80_000, k: 'close', c: 1 },
  ];
}

function run(ins: (t0: number) => ServeInput[], extra: ServeInput[] = []) {
  const events: TraceEvent[] = [];
  const served = servedWorldOf(setup, (ev) => events.push(ev));
  const bytes: string[] = [];
  const closed: string[] = [];
  served.sink = { bytes: (k, h) => bytes.push(`${k}:${h}`), closed: (k, how) => closed.push(`${k}:${how}`) };
  served.boot();
  const all = [...ins(served.servedFromUs), ...extra].sort((a, b) => a.t - b.t);
  for (const ev of all) served.input(ev);
  const end = served.end(served.servedFromUs + 1_000_000);
  return { served, events, bytes, end, closed };
}

describe('ServedWorld', () => {
  it('gives the same trace hash for the same inputs, every time', () => {
    const a = run(inputs);
    const b = run(inputs);
    expect(a.end.traceHash).toBe(b.end.traceHash);
    expect(a.end.events).toBe(b.end.events);
    expect(a.end.violations).toEqual([]);
    expect(a.bytes).toEqual(b.bytes);
  });

  it("traces the real client's calls, returns and events from its bytes; what is pending at a close fails with ConnectionLoss", () => {
    const { events } = run(inputs);
    const client = events
      .filter((e) => e.k.startsWith('client.'))
      .map((e) => {
        const x = e as unknown as { k: string; xid?: number; op?: number; rc?: number; type?: number; path?: string };
        return `${x.k}${x.xid !== undefined ? ` xid ${x.xid}` : ''}${x.op !== undefined ? ` op ${x.op}` : ''}${x.rc !== undefined ? ` rc ${x.rc}` : ''}${x.type !== undefined ? ` type ${x.type} ${x.path}` : ''}`;
      });
    expect(client).toEqual([
      'client.connecting',
      'client.connected',
      'client.call xid 0 op 1',
      'client.return xid 0 op 1 rc 0',
      'client.call xid 1 op 4',
      'client.return xid 1 op 4 rc 0',
      'client.call xid 2 op 5',
      'client.event type 3 /x',
      'client.return xid 2 op 5 rc 0',
      'client.call xid 3 op 9',
      'client.disconnected',
      'client.return xid 3 op 9 rc -4',
    ]);
  });

  it('a paused client host holds its real clients’ bytes until it resumes', () => {
    const pausedAt = (t0: number): ServeInput[] => [{ t: t0 + 10_000, k: 'ctl', cmd: ['pause', 'c1', '500'] }];
    const { events } = run((t0) => [...inputs(t0), ...pausedAt(t0)]);
    const resume = events.find((e) => e.k === 'proc' && e.n === 'c1' && (e as { what: string }).what === 'resume')!;
    const create = events.find((e) => e.k === 'client.call' && (e as { xid: number }).xid === 0)!;
    const t0 = events.find((e) => e.k === 'client.connecting')!.t;
    expect(resume.t - t0).toBeGreaterThanOrEqual(510_000 - 100);
    // The create was sent at +20 ms, during the pause: the host reads it when it resumes.
    expect(create.t).toBe(resume.t);
  });
});
