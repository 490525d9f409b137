// linearizable: Wing & Gong / Lowe (wgl.ts) on hand-built client histories, per znode.
import { describe, expect, it } from 'vitest';
import { Code } from '../../protocol/errors.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { LinearizableChecker, type RegOp, znodeModel } from '../../sim/checkers/linearizable.ts';
import { wglCheck, type WglOp } from '../../sim/checkers/wgl.ts';
import { History, z } from './helpers.ts';

const A = 0x100000000000001n;
const B = 0x100000000000002n;

/** One client op: call at t0 ms, return at t1 ms (undefined: no reply, zxid -1 with ConnectionLoss). */
function op(
  h: History,
  c: string,
  s: bigint,
  xid: number,
  o: number,
  path: string,
  t0: number,
  t1: number | undefined,
  rc: number,
  extra: { version?: number; retVersion?: number; flags?: number } = {},
): void {
  h.at(t0).ev(c, 'client.call', {
    session: s,
    xid,
    op: o,
    path,
    ...(extra.version !== undefined ? { version: extra.version } : {}),
    ...(extra.flags !== undefined ? { flags: extra.flags } : {}),
  });
  if (t1 !== undefined)
    h.at(t1).ev(c, 'client.return', {
      session: s,
      xid,
      op: o,
      path,
      rc,
      zxid: rc === Code.CONNECTIONLOSS ? -1 : z(1, xid),
      ...(extra.retVersion !== undefined ? { version: extra.retVersion } : {}),
    });
}

describe('wgl', () => {
  const reg = (
    kind: RegOp['kind'],
    rc: number | undefined,
    call: number,
    ret: number,
    retVersion?: number,
  ): WglOp<RegOp> => ({
    call,
    ret,
    input: { kind, v: -1, rc, desc: '', i: 0, ...(retVersion !== undefined ? { retVersion } : {}) },
  });

  it('concurrent creates: one OK, one NODEEXISTS, in either real-time overlap, is linearizable', () => {
    expect(wglCheck(znodeModel, [reg('create', Code.NODEEXISTS, 0, 10), reg('create', Code.OK, 1, 5)], 1e5)).toBe('ok');
  });

  it('a NODEEXISTS that returned before the only create was called is not', () => {
    expect(wglCheck(znodeModel, [reg('create', Code.NODEEXISTS, 0, 1), reg('create', Code.OK, 2, 3)], 1e5)).toBe(
      'fail',
    );
  });

  it('an open-ended create may take effect (or not): it explains a later NODEEXISTS, and an OK', () => {
    expect(
      wglCheck(znodeModel, [reg('create', undefined, 0, Infinity), reg('create', Code.NODEEXISTS, 5, 6)], 1e5),
    ).toBe('ok');
    expect(wglCheck(znodeModel, [reg('create', undefined, 0, Infinity), reg('create', Code.OK, 5, 6)], 1e5)).toBe('ok');
  });

  it('setData versions must follow the order: version 2 returned before version 1 was is not linearizable', () => {
    const h = [reg('create', Code.OK, 0, 1), reg('set', Code.OK, 2, 3, 2), reg('set', Code.OK, 4, 5, 1)];
    expect(wglCheck(znodeModel, h, 1e5)).toBe('fail');
    const concurrent = [reg('create', Code.OK, 0, 1), reg('set', Code.OK, 2, 5, 2), reg('set', Code.OK, 3, 4, 1)];
    expect(wglCheck(znodeModel, concurrent, 1e5)).toBe('ok');
  });

  it('says unknown, not a guess, when the step budget runs out', () => {
    const many = Array.from({ length: 12 }, (_, i) => reg('set', undefined, i, Infinity));
    many.push(reg('create', Code.OK, 0, 100), reg('delete', Code.NONODE, 0, 100), reg('set', Code.NONODE, 101, 102));
    expect(wglCheck(znodeModel, many, 5)).toBe('unknown');
  });
});

describe('linearizable', () => {
  it('is silent on a linearizable history: contended creates, setData versions, a lost reply, a delete', () => {
    const h = new History(new LinearizableChecker());
    op(h, 'c1', A, 1, OpCode.create, '/w', 10, 30, Code.OK);
    op(h, 'c2', B, 1, OpCode.create, '/w', 20, 25, Code.NODEEXISTS); // overlaps c1's create
    op(h, 'c1', A, 2, OpCode.setData, '/w', 40, undefined, Code.CONNECTIONLOSS); // no reply
    op(h, 'c2', B, 2, OpCode.setData, '/w', 60, 70, Code.OK, { retVersion: 2 }); // the lost one took effect
    op(h, 'c2', B, 3, OpCode.setData, '/w', 80, 90, Code.BADVERSION, { version: 0 });
    op(h, 'c1', A, 3, OpCode.delete, '/w', 100, 110, Code.OK);
    op(h, 'c2', B, 4, OpCode.delete, '/w', 120, 130, Code.NONODE);
    // An ephemeral path is left out: it may vanish with its session.
    op(h, 'c1', A, 4, OpCode.create, '/e', 140, 150, Code.OK, { flags: 1 });
    op(h, 'c2', B, 5, OpCode.create, '/e', 160, 170, Code.OK, { flags: 1 });
    expect(h.finish().messages()).toEqual([]);
  });

  it('reports a stale NONODE after a delete... of a node created after it: the shortest failing prefix', () => {
    const h = new History(new LinearizableChecker());
    op(h, 'c1', A, 1, OpCode.create, '/w', 10, 20, Code.OK);
    op(h, 'c1', A, 2, OpCode.setData, '/w', 30, 40, Code.OK, { retVersion: 1 });
    op(h, 'c2', B, 1, OpCode.setData, '/w', 50, 60, Code.NONODE); // after a create that returned: impossible
    op(h, 'c1', A, 3, OpCode.setData, '/w', 70, 80, Code.OK, { retVersion: 2 });
    op(h, 'c2', B, 2, OpCode.delete, '/w', 90, 100, Code.OK);
    const m = h.finish().messages();
    expect(m).toHaveLength(1);
    expect(m[0]).toMatch(
      /^linearizable: the writes on \/w are not linearizable: no order of its 3 ops called up to 60\.000 ms \(the shortest failing prefix of 5\)/,
    );
    expect(m[0]).toContain('c2 session 0x100000000000002 xid 1 setData /w → NONODE [50.000..60.000 ms]');
    expect(h.violations[0]!.event).toBeGreaterThan(0);
  });

  it('two clients both told OK for creating the same node, one after the other, is a violation', () => {
    const h = new History(new LinearizableChecker());
    op(h, 'c1', A, 1, OpCode.create, '/w', 10, 20, Code.OK);
    op(h, 'c2', B, 1, OpCode.create, '/w', 30, 40, Code.OK);
    expect(h.finish().messages()).toHaveLength(1);
  });

  it('ops on a name a sequential create made are left out (the create is not in the model): a recipe deleting its own node', () => {
    const h = new History(new LinearizableChecker());
    // An ephemeral-sequential create (flags 3) of /locks/lock-: the server names it /locks/lock-0000000000.
    op(h, 'c1', A, 1, OpCode.create2, '/locks/lock-', 10, 20, Code.OK, { flags: 3 });
    op(h, 'c1', A, 2, OpCode.delete, '/locks/lock-0000000000', 30, 40, Code.OK);
    expect(h.finish().messages()).toEqual([]);
    // A plain path is still judged: deleting a node nobody created is not linearizable.
    const g = new History(new LinearizableChecker());
    op(g, 'c1', A, 2, OpCode.delete, '/locks/other-0000000000', 30, 40, Code.OK);
    expect(g.finish().messages()).toHaveLength(1);
  });

  it('a multi is open-ended per path (its reply is OK whether or not it applied): either is linearizable', () => {
    for (const retVersion of [1, 2]) {
      const h = new History(new LinearizableChecker());
      op(h, 'c1', A, 1, OpCode.create, '/w', 10, 20, Code.OK);
      h.at(30).ev('c1', 'client.call', {
        session: A,
        xid: 2,
        op: OpCode.multi,
        path: '',
        ops: [
          { op: OpCode.create, path: '/wm', flags: 0 },
          { op: OpCode.setData, path: '/w', version: -1 },
        ],
      });
      h.at(40).ev('c1', 'client.return', { session: A, xid: 2, op: OpCode.multi, path: '', rc: 0, zxid: z(1, 2) });
      op(h, 'c2', B, 1, OpCode.setData, '/w', 50, 60, Code.OK, { retVersion });
      op(h, 'c2', B, 2, OpCode.setData, '/w', 70, 80, Code.OK, { retVersion: retVersion + 1 });
      expect(h.finish().messages()).toEqual([]);
    }
    // ... but it cannot explain a version going back.
    const bad = new History(new LinearizableChecker());
    op(bad, 'c1', A, 1, OpCode.create, '/w', 10, 20, Code.OK);
    bad.at(30).ev('c1', 'client.call', {
      session: A,
      xid: 2,
      op: OpCode.multi,
      path: '',
      ops: [{ op: OpCode.setData, path: '/w', version: -1 }],
    });
    bad.at(40).ev('c1', 'client.return', { session: A, xid: 2, op: OpCode.multi, path: '', rc: 0, zxid: z(1, 2) });
    op(bad, 'c2', B, 1, OpCode.setData, '/w', 50, 60, Code.OK, { retVersion: 2 });
    op(bad, 'c2', B, 2, OpCode.setData, '/w', 70, 80, Code.OK, { retVersion: 2 });
    expect(bad.finish().messages()).toHaveLength(1);
  });
});
