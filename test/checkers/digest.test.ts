// digest: servers' data-tree digests at the same zxid agree (ZOOKEEPER-3114).
import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { DigestChecker } from '../../sim/checkers/digest.ts';
import { Trace, type TraceEvent } from '../../sim/engine/trace.ts';
import { History, z } from './helpers.ts';

const S = 0x100000000000000n;
const apply = (h: History, n: string, zxid: number, digest: number, path = '/a') =>
  h.ev(n, 'zab.deliver', { zxid, type: OpCode.create, session: S, cxid: 1, path, digest });

describe('digest', () => {
  it('is silent when every server has the same digest at every zxid, whatever the order of applies', () => {
    const h = new History(new DigestChecker(3));
    apply(h, 's1', z(1, 1), 111);
    apply(h, 's1', z(1, 2), 222);
    apply(h, 's2', z(1, 1), 111);
    apply(h, 's3', z(1, 1), 111);
    apply(h, 's3', z(1, 2), 222);
    apply(h, 's2', z(1, 2), 222);
    expect(h.finish().messages()).toEqual([]);
  });

  it('names the server, the zxid and txn, and both digests, at the first differing zxid, once', () => {
    const h = new History(new DigestChecker(3));
    apply(h, 's1', z(1, 1), 111);
    apply(h, 's2', z(1, 1), 111);
    apply(h, 's1', z(1, 2), 0xabc, '/b');
    apply(h, 's2', z(1, 2), 0xdef, '/b');
    apply(h, 's2', z(1, 3), 1);
    apply(h, 's1', z(1, 3), 2);
    apply(h, 's3', z(1, 1), 111);
    expect(h.finish().messages()).toEqual([
      "digest: s2's data tree digest after 0x100000002 (create /b) is 0xdef, but s1's after the same zxid is 0xabc: the replicas applied the same txns to different trees",
      "digest: s1's data tree digest after 0x100000003 (create /a) is 0x2, but s2's after the same zxid is 0x1: the replicas applied the same txns to different trees",
    ]);
  });

  it('a zxid every server applied is forgotten (bounded memory); a later apply of it is not compared', () => {
    const h = new History(new DigestChecker(2));
    apply(h, 's1', z(1, 1), 111);
    apply(h, 's2', z(1, 1), 111);
    apply(h, 's2', z(1, 1), 999); // dropped after both: a new first sighting, nothing to compare
    expect(h.finish().messages()).toEqual([]);
  });
});

describe('the digest is for checkers only', () => {
  it('zab.deliver with a digest hashes and writes as without one (old replay files keep reproducing)', () => {
    const lines: string[][] = [[], []];
    const hashes = [0, 1].map((withDigest) => {
      const t = new Trace(16, (l) => lines[withDigest]!.push(l));
      const ev = { i: 0, t: 0, k: 'zab.deliver', n: 's1', zxid: z(1, 1), type: OpCode.create, session: S, cxid: 1 };
      const full = withDigest ? { ...ev, digest: 0xabc } : ev;
      t.push(full as TraceEvent);
      if (withDigest) expect((full as { digest?: number }).digest).toBe(0xabc); // restored for the checkers
      return t.traceHash;
    });
    expect(hashes[1]).toBe(hashes[0]);
    expect(lines[1]).toEqual(lines[0]);
  });
});
