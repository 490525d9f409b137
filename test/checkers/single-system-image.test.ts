import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { SingleSystemImageChecker } from '../../sim/checkers/single-system-image.ts';
import { History, S, T, goodRun, z } from './helpers.ts';

describe('single-system-image checker', () => {
  it('fires on a reply from an older state than the session has seen (a reconnect to a server behind)', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ret('c1', S, 1, OpCode.setData, '/a', 0, z(1, 5));
    h.ev('c1', 'client.disconnected', { session: S });
    h.ret('c1', S, 2, OpCode.getData, '/a', 0, z(1, 3));
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: getData /a (xid 2) was answered at 0x100000003, older than 0x100000005 it had seen (setData /a (xid 1))',
    ]);
  });

  it('fires on an older version of a node read from the same state', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ev('c1', 'client.return', {
      session: S,
      xid: 1,
      op: OpCode.getData,
      path: '/a',
      rc: 0,
      zxid: z(1, 5),
      version: 3,
    });
    h.ev('c1', 'client.return', {
      session: S,
      xid: 2,
      op: OpCode.exists,
      path: '/a',
      rc: 0,
      zxid: z(1, 5),
      version: 2,
    });
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: exists /a (xid 2) returned version 2 at 0x100000005, older than the version 3 it read at 0x100000005',
    ]);
  });

  it('is quiet on replies without a zxid, on other sessions, and after an expiry', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ret('c1', S, 1, OpCode.setData, '/a', 0, z(1, 5));
    h.ret('c1', S, 2, OpCode.getData, '/a', -4, -1);
    h.ret('c2', T, 1, OpCode.getData, '/a', 0, z(1, 2));
    h.ev('c1', 'client.expired', { session: S });
    h.ret('c1', S, 3, OpCode.getData, '/a', 0, z(1, 1));
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new SingleSystemImageChecker())).finish().messages()).toEqual([]);
  });
});
