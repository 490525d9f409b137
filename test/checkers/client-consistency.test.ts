import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { ClientConsistencyChecker } from '../../sim/checkers/client-consistency.ts';
import { History, S, T, goodRun, z } from './helpers.ts';

describe('client-consistency checker', () => {
  it('fires when replies come out of call order', () => {
    const h = new History(new ClientConsistencyChecker());
    h.call('c1', S, 1, OpCode.getData, '/a').call('c1', S, 2, OpCode.exists, '/b');
    h.ret('c1', S, 2, OpCode.exists, '/b', 0, z(1, 1)).ret('c1', S, 1, OpCode.getData, '/a', 0, z(1, 1));
    expect(h.messages()).toEqual([
      'client-consistency: c1 session 0x1000 got the reply to getData /a (xid 1) after the reply to xid 2: not in call order',
    ]);
  });

  it("lets the client's own failures (zxid -1) come in any order", () => {
    const h = new History(new ClientConsistencyChecker());
    h.ret('c1', S, 2, OpCode.getData, '/a', 0, z(1, 1)).ret('c1', S, 1, OpCode.setData, '/a', -4, -1);
    expect(h.messages()).toEqual([]);
  });

  it('fires when reads go back in time', () => {
    const h = new History(new ClientConsistencyChecker());
    h.ret('c1', S, 1, OpCode.getData, '/a', 0, z(1, 5)).ret('c1', S, 2, OpCode.getData, '/a', 0, z(1, 3));
    expect(h.messages()).toEqual([
      'client-consistency: c1 session 0x1000 got getData /a (xid 2) at zxid 0x100000003 after a reply at 0x100000005: reads went back in time',
    ]);
  });

  it('fires when a write called after another returned is ordered before it', () => {
    const h = new History(new ClientConsistencyChecker());
    h.call('c1', S, 1, OpCode.setData, '/a')
      .deliver(['s1'], z(1, 2), { type: OpCode.setData, session: S, cxid: 1 })
      .ret('c1', S, 1, OpCode.setData, '/a', 0, z(1, 2));
    h.call('c2', T, 1, OpCode.create, '/b')
      .deliver(['s1'], z(1, 1), { type: OpCode.create, session: T, cxid: 1 })
      .ret('c2', T, 1, OpCode.create, '/b', 0, z(1, 2));
    expect(h.messages()).toEqual([
      'client-consistency: c2 session 0x2000 write create /b (xid 1) got txn 0x100000001, though it was called after setData /a (xid 1) of c1 session 0x1000 at 0x100000002 had returned: writes not linearizable',
    ]);
  });

  it('is quiet on concurrent writes in either order', () => {
    const h = new History(new ClientConsistencyChecker());
    h.call('c1', S, 1, OpCode.setData, '/a').call('c2', T, 1, OpCode.create, '/b');
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: T, cxid: 1 }).deliver(['s1'], z(1, 2), {
      type: OpCode.setData,
      session: S,
      cxid: 1,
    });
    h.ret('c1', S, 1, OpCode.setData, '/a', 0, z(1, 2)).ret('c2', T, 1, OpCode.create, '/b', 0, z(1, 2));
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new ClientConsistencyChecker())).finish().messages()).toEqual([]);
  });
});
