import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { ZxidOrderChecker } from '../../sim/checkers/zxid-order.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

describe('zxid-order checker', () => {
  it('fires on a gap within an epoch in the log', () => {
    const h = new History(new ZxidOrderChecker()).start('s1');
    h.logged(['s1'], z(1, 1)).logged(['s1'], z(1, 3));
    expect(h.messages()).toEqual([
      'zxid-order: s1 logged 0x100000003 after 0x100000001: a gap in epoch 1 (0x100000002 is missing)',
    ]);
  });

  it('fires when deliveries go back', () => {
    const h = new History(new ZxidOrderChecker()).start('s2');
    h.deliver(['s2'], z(1, 1), txn).deliver(['s2'], z(1, 2), txn).deliver(['s2'], z(1, 1), txn);
    expect(h.messages()).toEqual(['zxid-order: s2 delivered 0x100000001 after 0x100000002: zxids must increase']);
  });

  it('fires when a new epoch does not start at counter 1', () => {
    const h = new History(new ZxidOrderChecker()).start('s3', z(1, 4), 1);
    h.deliver(['s3'], z(2, 2), txn);
    expect(h.messages()).toEqual([
      'zxid-order: s3 delivered 0x200000002 after 0x100000004: the first txn of epoch 2 must be 0x200000001',
    ]);
  });

  it('fires when a restart replays a log with a hole above its snapshot (peer.loaded holes)', () => {
    const h = new History(new ZxidOrderChecker()).start('s1');
    h.ev('s1', 'peer.loaded', {
      myid: 1,
      lastZxid: z(2, 3),
      currentEpoch: 2,
      acceptedEpoch: 2,
      txns: 4,
      holes: [[z(1, 2), z(2, 2)]],
    });
    expect(h.messages()).toEqual([
      'zxid-order: s1 loaded 0x200000002 right after 0x100000002 from its snapshot and log: the txns between are on neither',
    ]);
  });

  it('restarts from a TRUNC or a SNAP', () => {
    const h = new History(new ZxidOrderChecker()).start('s1');
    h.logged(['s1'], z(1, 1))
      .logged(['s1'], z(1, 2))
      .ev('s1', 'zab.truncate', { zxid: z(1, 1), reloadedZxid: z(1, 1) })
      .logged(['s1'], z(2, 1));
    h.ev('s1', 'zab.snap', { zxid: z(3, 7), from: 2 })
      .deliver(['s1'], z(3, 8), txn)
      .logged(['s1'], z(3, 8));
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new ZxidOrderChecker())).finish().messages()).toEqual([]);
  });
});
