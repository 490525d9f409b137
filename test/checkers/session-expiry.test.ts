import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { SessionExpiryChecker } from '../../sim/checkers/session-expiry.ts';
import { History, S, T, goodRun, z } from './helpers.ts';

const TICK = 2000;

/** s1's tracker runs; it hears from S at 1 s with a 4 s timeout. */
function tracked(): History {
  const h = new History(new SessionExpiryChecker(TICK));
  h.at(0).ev('s1', 'zk.session-tracker', { running: true, sessions: [] });
  return h.at(1000).ev('s1', 'zk.session-touch', { session: S, timeout: 4000 });
}

describe('session-expiry checker', () => {
  it('is quiet on an expiry inside the window (H + timeout, H + timeout + tickTime]', () => {
    const h = tracked();
    h.at(6000).ev('s1', 'zk.session-expire', { session: S, timeout: 4000 });
    expect(h.finish().messages()).toEqual([]);
  });

  it('fires on an expiry within the timeout (a clock that jumped: ZOOKEEPER-1366)', () => {
    const h = tracked();
    h.at(3000).ev('s1', 'zk.session-expire', { session: S, timeout: 4000 });
    expect(h.messages()).toEqual([
      'session-expiry: s1 expired session 0x1000 2000 ms after it last heard from it, within its timeout of 4000 ms (expiry must come after H + 4000 and by H + 4000 + tickTime 2000)',
    ]);
  });

  it('fires on a session not expired by timeout + tickTime, seen when the run ends, or when it is heard again', () => {
    const h = tracked();
    h.at(30_000);
    expect(h.finish().messages()).toEqual([
      'session-expiry: s1 had not expired session 0x1000 29000 ms after it last heard from it when the run ended: past its timeout of 4000 ms + tickTime 2000',
    ]);
    const g = tracked();
    g.at(9000).ev('s1', 'zk.session-touch', { session: S, timeout: 4000 });
    expect(g.messages()).toEqual([
      'session-expiry: s1 had not expired session 0x1000 8000 ms after it last heard from it when it heard from it again: past its timeout of 4000 ms + tickTime 2000',
    ]);
  });

  it('lifts the upper bound over a pause and a tracker that is not running; a new tracker re-arms', () => {
    const h = tracked();
    h.at(2000).ev('s1', 'proc', { what: 'pause' });
    h.at(20_000).ev('s1', 'proc', { what: 'resume' }).ev('s1', 'zk.session-expire', { session: S, timeout: 4000 });
    // a learner's tracker (not running) hears of T and never expires it
    h.ev('s2', 'zk.session-touch', { session: T, timeout: 4000 });
    // s1 stops leading; s2 leads, re-arms T
    h.at(21_000).ev('s1', 'zk.session-tracker', { running: false, sessions: [] });
    h.at(40_000).ev('s2', 'zk.session-touch', { session: T, timeout: 4000 });
    h.ev('s2', 'zk.session-tracker', { running: true, sessions: [T] });
    h.at(45_000).ev('s2', 'zk.session-expire', { session: T, timeout: 4000 });
    expect(h.finish().messages()).toEqual([]);
  });

  it('fires on a client told SessionExpired for a session nobody expired', () => {
    const h = tracked();
    h.ev('c1', 'client.expired', { session: S });
    expect(h.messages()).toEqual([
      'session-expiry: c1 was told session 0x1000 expired, but no tracker expired it and no closeSession of it was delivered',
    ]);
  });

  it('a reconnect answered as expired by a server that has not seen the createSession (a stale leader, as 3.8 does) is no violation; by one that has, it is', () => {
    // s2 leads epoch 2 and created S there; s1, the old leader of epoch 1, has not seen it
    const stale = (answeredBy: string) => {
      const h = new History(new SessionExpiryChecker(TICK));
      h.deliver(['s1', 's2'], z(1, 1), { type: OpCode.setData, session: T, cxid: 1, path: '/a' });
      h.deliver(['s2'], z(2, 1), { type: OpCode.createSession, session: S });
      h.ev(answeredBy, 'zk.session-reopen', { session: S, valid: false });
      h.ev('c1', 'client.expired', { session: S });
      return h.messages();
    };
    expect(stale('s1')).toEqual([]);
    expect(stale('s2')).toEqual([
      'session-expiry: c1 was told session 0x1000 expired, but no tracker expired it and no closeSession of it was delivered',
    ]);
  });

  it('a closeSession proposed but never delivered (applied by fast-forward or sent in a SNAP) explains a client told expired', () => {
    const h = tracked();
    h.propose('s1', z(1, 5), { type: OpCode.closeSession, session: S, cxid: 0 });
    h.ev('c1', 'client.expired', { session: S });
    expect(h.messages()).toEqual([]);
  });

  it("fires on a txn of a session applied after its closeSession (ZOOKEEPER-1208's create)", () => {
    const h = new History(new SessionExpiryChecker(TICK));
    h.deliver(['s1'], z(1, 1), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
    h.deliver(['s1'], z(1, 2), { type: -1, session: S, cxid: 3 });
    h.deliver(['s1'], z(1, 3), { type: OpCode.create, session: S, cxid: 4, path: '/e', ephemeralOwner: S });
    expect(h.messages()).toEqual([
      'session-expiry: s1 delivered 0x100000003, a create of session 0x1000, after its closeSession at 0x100000001',
    ]);
  });

  it('is quiet on a multi refused for a closing session (PrepRequestProcessor: a MultiTxn of ErrorTxns, header type multi), fires on one with an op applied', () => {
    const h = new History(new SessionExpiryChecker(TICK));
    h.deliver(['s1'], z(1, 1), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
    h.deliver(['s1'], z(1, 2), { type: OpCode.multi, session: S, cxid: 3, ops: [{ type: -1 }, { type: -1 }] });
    expect(h.messages()).toEqual([]);
    h.deliver(['s1'], z(1, 3), { type: OpCode.multi, session: S, cxid: 4, ops: [{ type: OpCode.create, path: '/m' }] });
    expect(h.messages()).toEqual([
      'session-expiry: s1 delivered 0x100000003, a multi of session 0x1000, after its closeSession at 0x100000001',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(
      goodRun(new History(new SessionExpiryChecker(TICK)))
        .finish()
        .messages(),
    ).toEqual([]);
  });
});
