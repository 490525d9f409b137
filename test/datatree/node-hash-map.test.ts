// NodeHashMap's shared load: trees loaded from one frozen snapshot share its nodes (copy on
// write), and serve exactly what a tree that loaded the snapshot on its own serves.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ids } from '../../protocol/data.ts';
import { DataTree, type DataTreeSnapshot, SHARED_LOAD } from '../../protocol/datatree/DataTree.ts';
import { NodeHashMap } from '../../protocol/datatree/NodeHashMap.ts';
import { DataNode, emptyStatPersisted } from '../../protocol/datatree/DataNode.ts';
import { OpCode, type Txn } from '../../protocol/server/txn.ts';
import { deepFreeze } from '../../protocol/storage/json.ts';
import { Applier, create, del, S1, S2, setData } from './helpers.ts';

/** A snapshot with a bit of everything a load sets up: children, ephemerals of two sessions, a container, a quota. */
function baseSnapshot(): DataTreeSnapshot {
  const t = new DataTree();
  const a = new Applier(t);
  a.apply(create('/a', 'one'));
  a.apply(create('/a/b', null));
  a.apply(create('/a/c', 'c'));
  a.apply(create('/e1', 'x', -1, true), S1);
  a.apply(create('/e2', 'y', -1, true), S2);
  a.apply({ type: OpCode.createContainer, path: '/k', data: '', acl: Ids.OPEN_ACL_UNSAFE, parentCVersion: -1 });
  a.apply(create('/zookeeper/quota/a', null));
  a.apply(create('/zookeeper/quota/a/zookeeper_limits', 'count=10,bytes=-1'));
  a.apply(create('/zookeeper/quota/a/zookeeper_stats', 'count=0,bytes=0'));
  for (let i = 0; i < 20; i++) a.apply(create(`/a/n${i}`, `v${i}`));
  return t.serialize();
}

const PATHS = [
  '/a',
  '/a/b',
  '/a/c',
  '/a/n3',
  '/a/b/x',
  '/e1',
  '/e2',
  '/k',
  '/k/c',
  '/new',
  '/zookeeper/quota/a/zookeeper_stats',
  '/',
];

const txnArb: fc.Arbitrary<{ txn: Txn; session: bigint }> = fc.oneof(
  fc.record({
    txn: fc
      .tuple(fc.constantFrom(...PATHS), fc.string({ maxLength: 3 }), fc.boolean(), fc.integer({ min: -1, max: 40 }))
      .map(([p, d, eph, cv]) => create(p, d, cv, eph)),
    session: fc.constantFrom(S1, S2),
  }),
  fc.record({ txn: fc.constantFrom(...PATHS).map(del), session: fc.constant(S1) }),
  fc.record({
    txn: fc
      .tuple(fc.constantFrom(...PATHS), fc.string({ maxLength: 3 }), fc.nat(9))
      .map(([p, d, v]) => setData(p, d, v)),
    session: fc.constant(S1),
  }),
  fc.record({
    txn: fc
      .constantFrom(...PATHS)
      .map((path): Txn => ({ type: OpCode.setACL, path, acl: Ids.READ_ACL_UNSAFE, version: 1 })),
    session: fc.constant(S1),
  }),
  fc.record({
    txn: fc.constantFrom(S1, S2).map((): Txn => ({ type: OpCode.closeSession, paths2Delete: ['/e1', '/e2'] })),
    session: fc.constantFrom(S1, S2),
  }),
);

/** Everything a tree serves or reports, in a comparable form. */
function view(t: DataTree) {
  const children = (p: string) => {
    try {
      return t.getChildren(p);
    } catch (e) {
      return String(e);
    }
  };
  return {
    dump: t.canonicalDump(),
    serialized: t.serialize(),
    digest: t.getTreeDigest(),
    count: t.getNodeCount(),
    size: t.cachedApproximateDataSize(),
    approximate: t.approximateDataSize(),
    all: t.getAllChildrenNumber('/'),
    allA: t.getAllChildrenNumber('/a'),
    ephemerals: [...t.getEphemeralsMap()],
    containers: t.getContainers(),
    rootChildren: children('/'),
    aChildren: children('/a'),
    quotaPrefix: t.getMaxPrefixWithQuota('/a/b'),
  };
}

describe('DataTree shared load (NodeHashMap over a frozen snapshot)', () => {
  const saved = SHARED_LOAD.minNodes;
  beforeEach(() => {
    SHARED_LOAD.minNodes = 0;
  });
  afterEach(() => {
    SHARED_LOAD.minNodes = saved;
  });

  it('property: the same txns on a shared tree and an own-loaded tree give the same results and the same tree, and leave the other sharers and the snapshot as they were', () => {
    const snap = baseSnapshot();
    const frozen = deepFreeze(structuredClone(snap));
    const untouched = JSON.stringify(snap);
    fc.assert(
      fc.property(fc.array(txnArb, { minLength: 1, maxLength: 30 }), (txns) => {
        const own = DataTree.deserialize(structuredClone(snap));
        const shared = DataTree.deserialize(frozen);
        const bystander = DataTree.deserialize(frozen);
        const before = view(bystander);
        const [ao, as] = [new Applier(own), new Applier(shared)];
        ao.zxid = as.zxid = 100;
        for (const { txn, session } of txns) {
          let ro: unknown, rs: unknown;
          try {
            ro = ao.apply(txn, session);
          } catch (e) {
            ro = String(e);
          }
          try {
            rs = as.apply(txn, session);
          } catch (e) {
            rs = String(e);
          }
          expect(rs).toEqual(ro);
        }
        expect(view(shared)).toEqual(view(own));
        expect(shared.warnings).toEqual(own.warnings);
        expect(view(bystander)).toEqual(before);
        expect(JSON.stringify(frozen)).toBe(untouched);
      }),
      { numRuns: 300, seed: 1549 },
    );
  });

  it('loads a frozen snapshot once: two trees read the same node objects until one of them changes one', () => {
    const frozen = deepFreeze(baseSnapshot());
    const [t1, t2] = [DataTree.deserialize(frozen), DataTree.deserialize(frozen)];
    expect(t1.getNode('/a/c')).toBe(t2.getNode('/a/c'));
    expect(t1.getNode('/')).toBe(t2.getNode(''));
    new Applier(t1).apply(setData('/a/c', 'changed', 1));
    expect(t1.getNode('/a/c')).not.toBe(t2.getNode('/a/c'));
    expect(t2.getNode('/a/c')!.data).toBe('c');
    // a child of the root: the root is copied under both of its names
    new Applier(t1).apply(create('/fresh', 'f'));
    expect(t1.getNode('/')).toBe(t1.getNode(''));
    expect(t1.getNode('/')).not.toBe(t2.getNode('/'));
    expect(t2.getChildren('/').children).not.toContain('fresh');
  });

  it('below the size bound, or unfrozen, a snapshot is loaded by each tree on its own', () => {
    SHARED_LOAD.minNodes = 10_000;
    const frozen = deepFreeze(baseSnapshot());
    expect(DataTree.deserialize(frozen).getNode('/a')).not.toBe(DataTree.deserialize(frozen).getNode('/a'));
    SHARED_LOAD.minNodes = 0;
    const plain = baseSnapshot();
    expect(DataTree.deserialize(plain).getNode('/a')).not.toBe(DataTree.deserialize(plain).getNode('/a'));
  });
});

describe('NodeHashMap', () => {
  const node = (data: string) => new DataNode(data, [], emptyStatPersisted());

  it('counts, hides and re-adds paths over a shared base', () => {
    const base = new Map([
      ['/x', node('x')],
      ['/y', node('y')],
    ]);
    const m = new NodeHashMap();
    m.share(base);
    expect(m.size).toBe(2);
    expect(m.delete('/x')).toBe(true);
    expect(m.delete('/x')).toBe(false);
    expect(m.has('/x')).toBe(false);
    expect(m.size).toBe(1);
    m.set('/x', node('x2'));
    m.set('/z', node('z'));
    expect(m.size).toBe(3);
    expect(m.get('/x')!.data).toBe('x2');
    expect([...m.keys()].sort()).toEqual(['/x', '/y', '/z']);
    const y = m.mutable('/y')!;
    expect(y).not.toBe(base.get('/y'));
    expect(m.mutable('/y')).toBe(y);
    expect(m.size).toBe(3);
    expect(m.mutable('/gone')).toBeUndefined();
    expect(base.get('/x')!.data).toBe('x');
  });
});
