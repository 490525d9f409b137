import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../protocol/server/txn.ts';
import { MembershipChecker } from '../../../sim/checkers/recipes/membership.ts';
import { History, S, T, z } from '../helpers.ts';

const G = '/GroupMembers';
const A = `${G}/c1-0000000000`;
const B = `${G}/c2-0000000001`;
const bounds = { healMs: 10_000, sessionTimeoutMs: 6000, boundMs: 5000 };

/** c1 (S) and c2 (T) register; consumer c3 sees both; the run ends at 40 s. */
function base(): History {
  const h = new History(new MembershipChecker(bounds));
  h.at(1000).deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, path: A, ephemeralOwner: S });
  h.ev('c1', 'recipe', { what: 'member-joined', session: S, node: A });
  h.deliver(['s1'], z(1, 2), { type: OpCode.create, session: T, path: B, ephemeralOwner: T });
  h.ev('c2', 'recipe', { what: 'member-joined', session: T, node: B });
  h.at(1100).ev('c3', 'recipe', { what: 'members-seen', session: 0x3000n, members: [A, B] });
  return h;
}

describe('membership checker', () => {
  it('is quiet when every consumer tracks the group', () => {
    const h = base().at(20_000).ev('c2', 'recipe', { what: 'member-left', session: T, node: B });
    h.deliver(['s1'], z(1, 3), { type: OpCode.delete, session: T, path: B });
    h.at(20_010).ev('c3', 'recipe', { what: 'members-seen', session: 0x3000n, members: [A] });
    expect(h.at(40_000).finish().messages()).toEqual([]);
  });

  it('fires on a consumer that still lists a member gone past the bound', () => {
    const h = base()
      .at(20_000)
      .deliver(['s1'], z(1, 3), { type: OpCode.closeSession, session: T, paths: [B] });
    expect(h.at(40_000).finish().messages()).toEqual([
      'membership: c3 still lists /GroupMembers/c2-0000000001 at 25000 ms: gone since 20000 ms, 5000 ms past its removal',
    ]);
  });

  it('fires on a consumer that does not list a live member past the bound', () => {
    const C = `${G}/c4-0000000002`;
    const h = base()
      .at(30_000)
      .deliver(['s1'], z(1, 3), { type: OpCode.create, session: 0x4000n, path: C, ephemeralOwner: 0x4000n });
    expect(h.at(40_000).finish().messages()).toEqual([
      'membership: c3 does not list /GroupMembers/c4-0000000002 at 35000 ms: alive since 30000 ms, 5000 ms past its create',
    ]);
  });

  it('judges changes before the heal from the heal on', () => {
    // B goes at 2 s, during the faults; c3 hears of it at 14 s: within heal + bound
    const h = base()
      .at(2000)
      .deliver(['s1'], z(1, 3), { type: OpCode.closeSession, session: T, paths: [B] });
    h.at(14_000).ev('c3', 'recipe', { what: 'members-seen', session: 0x3000n, members: [A] });
    expect(h.at(40_000).finish().messages()).toEqual([]);
  });

  it("ends a crashed member's node at its closeSession's proposal when no delivery of it comes", () => {
    // the closeSession was logged by that leader and a minority and reached the others in a SNAP: never delivered
    const h = base().at(12_000).ev('c1', 'proc', { what: 'crash' });
    h.at(19_000).ev('s1', 'zab.propose', { zxid: z(1, 3), epoch: 1, type: OpCode.closeSession, session: S, cxid: 0 });
    h.at(19_100).ev('c3', 'recipe', { what: 'members-seen', session: 0x3000n, members: [B] });
    expect(h.at(40_000).finish().messages()).toEqual([]);
  });

  it('runs the bounds from a leader elected after the heal', () => {
    // B goes at 20 s; a leader is elected at 30 s (after the heal at 10 s): c3 may list B until 35 s
    const h = base()
      .at(20_000)
      .deliver(['s1'], z(1, 3), { type: OpCode.closeSession, session: T, paths: [B] });
    h.at(30_000).ev('s2', 'state', { state: 'LEADING', leader: 2, round: 2, peerEpoch: 2, zxid: z(1, 3) });
    h.at(34_000).ev('c3', 'recipe', { what: 'members-seen', session: 0x3000n, members: [A] });
    expect(h.at(40_000).finish().messages()).toEqual([]);
  });

  it("fires when a crashed member's node outlives session timeout + bound", () => {
    const h = base().at(12_000).ev('c1', 'proc', { what: 'crash' });
    expect(h.at(40_000).finish().messages()).toEqual([
      'membership: c1 crashed at 12000 ms holding /GroupMembers/c1-0000000000, still there at 23000 ms (session timeout 6000 ms + 5000 ms past the crash)',
    ]);
  });
});
