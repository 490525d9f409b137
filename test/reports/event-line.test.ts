// The canonical event line (reports/event-line.ts): time in ms with µs digits, node, kind, fields
// in the kind's fixed order whatever order the emitter created them in, zxids and sessions in
// hex, type and return codes by name, messages with their type bare and large parts summarised.
import { describe, expect, it } from 'vitest';
import { eventBody, eventLine, formatValue } from '../../reports/event-line.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';

const ev = (fields: Record<string, unknown>): TraceEvent => ({ i: 0, t: 6_205_000, ...fields }) as TraceEvent;

describe('eventLine', () => {
  it('prints time, node, kind and the fields in the kind order, whatever order they were created in', () => {
    const a = ev({ k: 'fle.decide', n: 's3', acks: [1, 2, 3], joined: false, leader: 3, state: 'LEADING', round: 1 });
    expect(eventLine(a)).toBe('  6205.000ms s3  fle.decide round=1 state=LEADING leader=3 joined=false acks=[1,2,3]');
  });

  it('zxids in hex as ZooKeeper prints them, a negative one decimal; epochs and counts decimal', () => {
    const s = ev({
      k: 'zab.sync',
      n: 's2',
      truncTo: 0x100000005,
      leaderLastZxid: 0x100000007,
      peerLastZxid: 0x100000006,
      mode: 'TRUNC+DIFF',
      peer: 1,
    });
    expect(eventBody(s)).toBe(
      'zab.sync peer=1 mode=TRUNC+DIFF peerLastZxid=0x100000006 leaderLastZxid=0x100000007 truncTo=0x100000005',
    );
    expect(formatValue('zxid', -1)).toBe('-1');
    expect(eventBody(ev({ k: 'zab.epoch', file: 'currentEpoch', value: 2 }))).toBe(
      'zab.epoch file=currentEpoch value=2',
    );
    expect(eventBody(ev({ k: 'peer.loaded', holes: [[0x100000002, 0x100000004]] }))).toBe(
      'peer.loaded holes=[[0x100000002,0x100000004]]',
    );
  });

  it('session ids in hex, op and return codes by name, strings with spaces quoted', () => {
    const r = ev({
      k: 'client.return',
      n: 'c1',
      session: 0x20000047d3f0000n,
      xid: 3,
      op: 1,
      path: '/a',
      rc: -101,
      zxid: 0x100000003,
    });
    expect(eventBody(r)).toBe(
      'client.return session=0x20000047d3f0000 xid=3 op=create path=/a rc=NONODE zxid=0x100000003',
    );
    expect(eventBody(ev({ k: 'zab.learner-shutdown', leader: 3, reason: 'Read timed out' }))).toBe(
      'zab.learner-shutdown leader=3 reason="Read timed out"',
    );
  });

  it('a send: the message type bare, the receiver when known, its fields, large parts summarised', () => {
    const snap = ev({
      k: 'send',
      n: 's3',
      conn: 7,
      msg: { type: 'SNAP', zxid: 0x100000008, tree: { nodes: [{}, {}, {}] }, sessions: [[1n, 30000]] },
    });
    expect(eventLine(snap, { to: 's1' })).toBe(
      '  6205.000ms s3  send SNAP to=s1 zxid=0x100000008 sessions=1 tree=<3 znodes> conn=7',
    );
    const proposal = ev({
      k: 'send',
      n: 's3',
      conn: 7,
      msg: { type: 'PROPOSAL', zxid: 0x100000001, txn: { hdr: { type: 1, clientId: 5n }, txn: { path: '/a' } } },
    });
    expect(eventBody(proposal)).toBe('send PROPOSAL zxid=0x100000001 txn=create(/a) conn=7');
    const note = ev({
      k: 'send',
      n: 's1',
      conn: 2,
      msg: { type: 'notification', version: 2, state: 'LOOKING', electionEpoch: 1, peerEpoch: 0, zxid: 0, leader: 3 },
    });
    expect(eventBody(note)).toBe(
      'send notification leader=3 zxid=0x0 peerEpoch=0 electionEpoch=1 state=LOOKING version=2 conn=2',
    );
  });

  it("the world's events: sub-kinds bare, no node", () => {
    expect(eventLine(ev({ k: 'fault', what: 'partition', groups: [[1], [2, 3]] }))).toBe(
      '  6205.000ms -   fault partition groups=[[1],[2,3]]',
    );
    expect(eventBody(ev({ k: 'proc', n: 's1', what: 'start', inc: 2 }))).toBe('proc start inc=2');
    expect(eventBody(ev({ k: 'recv', n: 's1', conn: 3, from: 's2', m: 'ACK' }))).toBe('recv ACK from=s2 conn=3');
    expect(eventBody(ev({ k: 'timer', n: 's1', tag: 'fle.poll' }))).toBe('timer fle.poll');
  });

  it('cuts a long line at max', () => {
    const line = eventLine(ev({ k: 'zk.warn', n: 's1', message: 'x'.repeat(300) }), { max: 60 });
    expect(line).toHaveLength(60);
    expect(line.endsWith('…')).toBe(true);
  });
});
