import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../protocol/server/txn.ts';
import { ConfigConvergenceChecker } from '../../../sim/checkers/recipes/config-convergence.ts';
import { History, S, T, z } from '../helpers.ts';

const P = '/config';

/** c1 writes v0 (create) and v1 (setData); c2 subscribes on session S and reads both. */
function base(): History {
  const h = new History(new ConfigConvergenceChecker(P));
  h.deliver(['s1'], z(1, 1), { type: OpCode.create2, session: T, path: P });
  h.ev('c1', 'recipe', { what: 'config-write', value: 'c1#0', version: 0, mzxid: z(1, 1) });
  h.ev('c2', 'recipe', { what: 'config-seen', session: S, value: 'c1#0', version: 0, mzxid: z(1, 1) });
  h.at(1000).deliver(['s1'], z(1, 2), { type: OpCode.setData, session: T, path: P });
  h.ev('c1', 'recipe', { what: 'config-write', value: 'c1#1', version: 1, mzxid: z(1, 2) });
  h.ev('c2', 'recipe', { what: 'config-notified', session: S, zxid: -1 });
  return h.ev('c2', 'recipe', { what: 'config-seen', session: S, value: 'c1#1', version: 1, mzxid: z(1, 2) });
}

describe('config-convergence checker', () => {
  it('is quiet on a subscriber that pulls after each push and ends on the last write', () => {
    expect(base().finish().messages()).toEqual([]);
  });

  it('fires on a subscriber that goes back to an older config (a new session on a lagging server, no sync)', () => {
    const h = base().ev('c2', 'recipe', { what: 'config-seen', session: T, value: 'c1#0', version: 0, mzxid: z(1, 1) });
    expect(h.messages()).toEqual([
      'config-convergence: c2 read "c1#0" (mzxid 0x100000001) after it had read "c1#1" (mzxid 0x100000002): back to an older config',
    ]);
  });

  it('fires on a subscriber that ends behind the last committed write', () => {
    const h = base().at(2000).deliver(['s1'], z(1, 3), { type: OpCode.setData, session: T, path: P });
    h.ev('c1', 'recipe', { what: 'config-write', value: 'c1#2', version: 2, mzxid: z(1, 3) });
    expect(h.finish().messages()).toEqual([
      'config-convergence: c2 ends on "c1#1" (mzxid 0x100000002), the last write to /config is 0x100000003 ("c1#2")',
    ]);
  });

  it('fires on a notification never followed by a pull on a live session', () => {
    const h = base().ev('c2', 'recipe', { what: 'config-notified', session: S, zxid: -1 });
    expect(h.finish().messages()).toEqual([
      'config-convergence: c2 was notified of a change and never pulled the config on that session',
    ]);
  });

  it('fires on a watch re-armed with exists past an unread change, then notified before pulling (the naive subscriber)', () => {
    const h = base();
    h.at(2000).deliver(['s1'], z(1, 3), { type: OpCode.setData, session: T, path: P });
    // c2 re-arms with exists after the change to version 2: the watch comes after it
    h.ev('c2', 'client.call', { session: S, xid: 7, op: OpCode.exists, path: P, watch: 'exist' });
    h.ev('c2', 'client.return', { session: S, xid: 7, op: OpCode.exists, path: P, rc: 0, zxid: z(1, 3), version: 2 });
    h.at(3000).deliver(['s1'], z(1, 4), { type: OpCode.setData, session: T, path: P });
    h.ev('c2', 'recipe', { what: 'config-notified', session: S, zxid: -1 });
    expect(h.messages()).toEqual([
      'config-convergence: c2 re-armed its watch on /config at version 2 having read only version 1 ("c1#1"), and was notified again before pulling: the change(s) between were neither pulled nor pushed',
    ]);
  });

  it('owes nothing for an exists arm pulled before the next notification, and fires on a pull after a push that shows no change', () => {
    const h = base();
    h.at(2000).deliver(['s1'], z(1, 3), { type: OpCode.setData, session: T, path: P });
    h.ev('c2', 'client.call', { session: S, xid: 7, op: OpCode.exists, path: P, watch: 'exist' });
    h.ev('c2', 'client.return', { session: S, xid: 7, op: OpCode.exists, path: P, rc: 0, zxid: z(1, 3), version: 2 });
    h.ev('c2', 'recipe', { what: 'config-seen', session: S, value: 'c1#2', version: 2, mzxid: z(1, 3) });
    h.ev('c2', 'recipe', { what: 'config-notified', session: S, zxid: -1 });
    h.ev('c2', 'recipe', { what: 'config-seen', session: S, value: 'c1#2', version: 2, mzxid: z(1, 3) });
    expect(h.messages()).toEqual([
      'config-convergence: c2 was notified of a change after version 2 and pulled version 2 ("c1#2"): the pull after the push did not see the change',
    ]);
  });

  it('fires on a read whose value is not what the write of that mzxid wrote', () => {
    const h = base().ev('c3', 'recipe', {
      what: 'config-seen',
      session: T,
      value: 'bogus',
      version: 1,
      mzxid: z(1, 2),
    });
    expect(h.messages()).toEqual([
      'config-convergence: c3 read "bogus" at mzxid 0x100000002, which the publisher wrote as "c1#1"',
    ]);
  });

  it('does not judge the end within 10 s of a leader elected late', () => {
    const h = base().at(2000).deliver(['s1'], z(1, 3), { type: OpCode.setData, session: T, path: P });
    h.at(5000).ev('s2', 'state', { state: 'LEADING', leader: 2, round: 2, peerEpoch: 2, zxid: z(1, 3) });
    expect(h.at(12_000).finish().messages()).toEqual([]);
  });
});
