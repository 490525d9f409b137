// DigestCalculator (3.8, ZOOKEEPER-3114, digest version 2) and the DataTree digest kept
// incrementally from it. Known values: java.util.zip.CRC32 over path bytes ("/" as ""), data
// bytes and the 60-byte big-endian stat (czxid, mzxid, pzxid, ctime, mtime, version, cversion,
// aversion, ephemeralOwner), computed independently with Python's zlib.crc32 and struct.pack('>qqqqqiiiq').
import { describe, expect, it } from 'vitest';
import { Ids } from '../../protocol/data.ts';
import { DataTree } from '../../protocol/datatree/DataTree.ts';
import { calculateDigest, crc32 } from '../../protocol/datatree/DigestCalculator.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { Applier, create, del, S1, S2, setData } from './helpers.ts';

const stat = (
  czxid: number,
  mzxid: number,
  pzxid: number,
  ctime: number,
  mtime: number,
  version: number,
  cversion: number,
  aversion: number,
  ephemeralOwner: bigint,
) => ({ czxid, mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner });

describe('DigestCalculator.calculateDigest', () => {
  it('is CRC32 (check value of "123456789")', () => expect(crc32('123456789')).toBe(0xcbf43926));

  it.each([
    ['/a', 'x', stat(0x100000001, 0x100000001, 0x100000001, 1000, 1000, 0, 0, 0, 0n), 0xd2aac308],
    ['/', '', stat(0, 0, 0, 0, 0, 0, 0, 0, 0n), 0x04128908],
    ['/e', '', stat(0x100000002, 0x100000003, 0x100000002, 2000, 3000, 1, 0, 0, 0x20000047d3f0000n), 0xf5f7385a],
    ['/ü', null, stat(5, 5, 5, -1, -1, -1, -1, -1, -1n), 0x5f5b3667],
  ])('%s %s → known CRC32', (path, data, st, want) => expect(calculateDigest(path, data, st)).toBe(want));

  it('"/" and "" are one node; /zookeeper/ subtree counts 0, /zookeeper itself does not', () => {
    const st = stat(0, 0, 0, 0, 0, 0, 0, 0, 0n);
    expect(calculateDigest('/', '', st)).toBe(calculateDigest('', '', st));
    expect(calculateDigest('/zookeeper/quota', '', st)).toBe(0);
    expect(calculateDigest('/zookeeper', '', st)).not.toBe(0);
  });
});

/** The digest computed from scratch: a snapshot round trip recomputes every node's. */
const fromScratch = (t: DataTree): number => DataTree.deserialize(t.serialize()).getTreeDigest();

function workload(a: Applier, variant = false): void {
  a.apply(create('/a', 'one'));
  a.apply(create('/a/b', null));
  a.apply(create('/e', 'eph', -1, true), S2);
  a.apply(setData('/a', variant ? 'TWO' : 'two', 1));
  a.apply({ type: OpCode.setACL, path: '/a/b', acl: Ids.READ_ACL_UNSAFE, version: 1 });
  a.apply(del('/a/b'));
  a.apply({ type: OpCode.closeSession, paths2Delete: ['/e'] }, S2);
}

describe('DataTree digest (NodeHashMapImpl add/remove/preChange/postChange)', () => {
  it('a fresh tree: the root ("" and "/" once) and /zookeeper; quota and config count 0', () => {
    const t = new DataTree();
    expect(t.getTreeDigest()).toBe(t.getNodeDigest('')! + t.getNodeDigest('/zookeeper')!);
    expect(t.getNodeDigest('/zookeeper/config')).toBe(0);
    expect(t.getNodeDigest('/')).toBe(0x04128908); // the all-zero persisted stat, as above
  });

  it('property: after every txn the incremental digest equals the digest computed from scratch', () => {
    const t = new DataTree();
    const a = new Applier(t);
    const steps: [number, number][] = [];
    const orig = a.apply.bind(a);
    a.apply = (txn, clientId = S1, type = txn.type) => {
      const rc = orig(txn, clientId, type);
      steps.push([t.getTreeDigest(), fromScratch(t)]);
      return rc;
    };
    workload(a);
    expect(steps).toHaveLength(7);
    for (const [inc, full] of steps) expect(inc).toBe(full);
    expect(new Set(steps.map((s) => s[0])).size).toBe(7); // every txn changed the digest
  });

  it('same txns, same digest; one different setData value, a different digest from that txn on', () => {
    const [t1, t2, t3] = [new DataTree(), new DataTree(), new DataTree()];
    workload(new Applier(t1));
    workload(new Applier(t2));
    workload(new Applier(t3), true);
    expect(t2.getTreeDigest()).toBe(t1.getTreeDigest());
    expect(t3.getTreeDigest()).not.toBe(t1.getTreeDigest());
  });

  it('a delete takes the node out: create + delete leaves only the parent stat change', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/x', 'v'));
    const withX = t.getTreeDigest();
    expect(withX - t.getNodeDigest('/x')!).toBe(t.getNodeDigest('')! + t.getNodeDigest('/zookeeper')!);
    a.apply(del('/x'));
    expect(t.getNodeDigest('/x')).toBeUndefined();
    expect(t.getTreeDigest()).toBe(t.getNodeDigest('')! + t.getNodeDigest('/zookeeper')!);
  });
});
