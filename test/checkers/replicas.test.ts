// The replica model the Zab checkers share.
import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { Replicas } from '../../sim/checkers/replicas.ts';
import type { Checker } from '../../sim/engine/world.ts';
import { History, S, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

/** A checker that only feeds the model. */
function model(): { m: Replicas; c: Checker } {
  const m = new Replicas();
  return { m, c: { name: 'model', onEvent: (ev) => void m.observe(ev) } };
}

describe('replica model', () => {
  it('keeps txns that were delivered but whose fsync was never reported, across a reload and a restart', () => {
    const { m, c } = model();
    const h = new History(c).start('s1');
    h.logged(['s1'], z(1, 1)).deliver(['s1'], z(1, 1), txn).deliver(['s1'], z(1, 2), txn); // fsync of 0x102 stalls
    h.state('s1', 'LOOKING', z(1, 2)).logged(['s1'], z(2, 1)).crash('s1').start('s1', z(2, 1), 2);
    const r = m.rep('s1');
    expect(r.held).toEqual([z(1, 1), z(1, 2), z(2, 1)]);
    expect(r.disk).toEqual([z(1, 1), z(1, 2), z(2, 1)]); // what a restart loads is durable
  });

  it('fills a restart by counter continuity, and loses a suffix', () => {
    const { m, c } = model();
    const h = new History(c).start('s1').start('s2');
    h.propose('s2', z(1, 1))
      .logged(['s1'], z(1, 1))
      .logged(['s1'], z(1, 2))
      .logged(['s1'], z(1, 3))
      .crash('s1')
      .start('s1', z(1, 2), 1);
    expect(m.rep('s1').held).toEqual([z(1, 1), z(1, 2)]);
    h.crash('s1').start('s1', z(1, 4), 1);
    expect(m.rep('s1').held).toEqual([z(1, 1), z(1, 2), z(1, 3), z(1, 4)]);
  });

  it("takes the leader's history below a SNAP and cuts at a TRUNC", () => {
    const { m, c } = model();
    const h = new History(c).start('s1').start('s2');
    h.deliver(['s1'], z(1, 1), txn).deliver(['s1'], z(1, 2), txn).logged(['s2'], z(1, 1)).logged(['s2'], z(1, 7));
    h.ev('s2', 'zab.snap', { zxid: z(1, 2), from: 1 });
    expect(m.rep('s2').held).toEqual([z(1, 1), z(1, 2)]);
    expect(m.rep('s2').disk).toEqual([z(1, 1), z(1, 2), z(1, 7)]);
    h.ev('s2', 'zab.truncate', { zxid: z(1, 1), reloadedZxid: z(1, 1) });
    expect([m.rep('s2').held, m.rep('s2').disk, m.rep('s2').tip]).toEqual([[z(1, 1)], [z(1, 1)], z(1, 1)]);
  });

  it('commits what is delivered, committed, or held by a leader when established', () => {
    const { m, c } = model();
    const h = new History(c).start('s1').start('s2');
    h.logged(['s2'], z(1, 1)).logged(['s2'], z(1, 2)).commit('s1', z(1, 1), ['s1', 's2']);
    expect(m.committed).toEqual([z(1, 1)]);
    h.state('s2', 'LOOKING', z(1, 2)).ev('s2', 'zab.established', { epoch: 2, acks: [1, 2] });
    expect(m.committed).toEqual([z(1, 1), z(1, 2)]);
    h.deliver(['s1'], z(2, 1), txn);
    expect(m.committed).toEqual([z(1, 1), z(1, 2), z(2, 1)]);
  });

  it('leaves the disks a run starts from (genesis) out', () => {
    const { m, c } = model();
    new History(c).start('s1', z(1, 8), 1).start('s2', z(1, 7), 1).logged(['s2'], z(1, 8)).logged(['s2'], z(2, 1));
    expect([m.genesis, m.rep('s2').disk]).toEqual([z(1, 8), [z(2, 1)]]);
  });
});
