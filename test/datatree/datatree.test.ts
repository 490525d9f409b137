// DataTree.processTxn: stat bookkeeping per txn type, as 3.8.0 does it. The first test replays
// a zkCli session run against a real 3.8.0 server and checks the stats it printed.
import { describe, expect, it } from 'vitest';
import { Ids, Perms } from '../../protocol/data.ts';
import { CONTAINER_EPHEMERAL_OWNER, ttlToEphemeralOwner } from '../../protocol/datatree/EphemeralType.ts';
import { compareTrees, DataTree } from '../../protocol/datatree/DataTree.ts';
import { Code } from '../../protocol/errors.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { Applier, create, del, error, S1, S2, setData } from './helpers.ts';

describe('the initial tree', () => {
  it('/, /zookeeper, /zookeeper/quota, /zookeeper/config as a fresh 3.8.0 server shows them', () => {
    const t = new DataTree();
    const root = t.statNode('/');
    expect(root).toMatchObject({
      czxid: 0,
      mzxid: 0,
      pzxid: 0,
      ctime: 0,
      cversion: -1,
      version: 0,
      aversion: 0,
      numChildren: 1,
      dataLength: 0,
    });
    expect(t.statNode('/zookeeper')).toMatchObject({ cversion: -2, numChildren: 2 });
    expect(t.statNode('/zookeeper/quota')).toMatchObject({ cversion: 0, numChildren: 0 });
    const config = t.getACL('/zookeeper/config');
    expect(config.acl).toEqual(Ids.READ_ACL_UNSAFE);
    expect(config.stat.aversion).toBe(-1);
    expect(t.getACL('/').acl).toEqual(Ids.OPEN_ACL_UNSAFE);
    expect(t.getData('/zookeeper/config').data).toBe('');
    expect(t.getNodeCount()).toBe(5); // "" and "/" both count
    expect(t.getAllChildrenNumber('/')).toBe(3);
    expect(t.getAllChildrenNumber('/zookeeper')).toBe(2);
    expect(['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config'].every((p) => t.isSpecialPath(p))).toBe(true);
  });
});

describe('processTxn', () => {
  it('replays the zkCli transcript: sequential names, cversion and pzxid on create and delete', () => {
    const t = new DataTree({ extendedTypesEnabled: true });
    const a = new Applier(t);
    a.apply({ type: OpCode.createSession, timeOut: 30000 }); // 0x1
    a.apply(create('/a', null, 1)); // 0x2: Prep sends the parent's cversion + 1
    a.apply(create('/a/b', 'x', 1)); // 0x3
    // Prep names a sequential node with the parent's persisted cversion
    expect(t.getNode('/a')!.stat.cversion).toBe(1);
    a.apply(create('/a/s-0000000001', 'y', 2)); // 0x4
    a.apply(create('/a/s-0000000002', 'y', 3)); // 0x5
    expect(t.statNode('/a')).toMatchObject({ czxid: 2, mzxid: 2, pzxid: 5, cversion: 3, numChildren: 3 });
    const r = a.apply(del('/a/b')); // 0x6
    expect(r).toMatchObject({ err: 0, type: OpCode.delete, path: '/a/b', zxid: 6 });
    expect(r.stat).toBeUndefined();
    expect(t.getNode('/a')!.stat.cversion).toBe(3); // the persisted cversion does not move on delete
    expect(t.statNode('/a')).toMatchObject({ pzxid: 6, cversion: 4, numChildren: 2 }); // clients see 3 * 2 - 2
    expect(t.statNode('/')).toMatchObject({ pzxid: 2, cversion: 0, numChildren: 2 });

    const c = a.apply({
      type: OpCode.createContainer,
      path: '/cont',
      data: null,
      acl: Ids.OPEN_ACL_UNSAFE,
      parentCVersion: 2,
    }); // 0x7
    expect(c.stat).toMatchObject({ czxid: 7, ephemeralOwner: 0n, ctime: 1007, mtime: 1007 });
    expect(t.getNode('/cont')!.stat.ephemeralOwner).toBe(CONTAINER_EPHEMERAL_OWNER);
    const ttl = a.apply({
      type: OpCode.createTTL,
      path: '/ttl',
      data: null,
      acl: Ids.OPEN_ACL_UNSAFE,
      parentCVersion: 3,
      ttl: 5000,
    }); // 0x8
    expect(ttl.stat!.ephemeralOwner).toBe(0n);
    expect(t.getNode('/ttl')!.stat.ephemeralOwner).toBe(0xff00000000001388n);
    expect(t.getNode('/ttl')!.stat.ephemeralOwner).toBe(ttlToEphemeralOwner(5000));
    a.apply(create('/eph', null, 4, true)); // 0x9
    expect(t.statNode('/eph').ephemeralOwner).toBe(S1);
    expect(t.getContainers()).toEqual(['/cont']);
    expect(t.getTtls()).toEqual(['/ttl']);
    expect(t.getEphemerals(S1)).toEqual(['/eph']);
    expect(t.getChildren('/a').children.sort()).toEqual(['s-0000000001', 's-0000000002']);
    expect(t.lastProcessedZxid).toBe(9);
  });

  it('create2 returns the new stat; create does not', () => {
    const t = new DataTree();
    const a = new Applier(t);
    expect(a.apply(create('/x', 'abc')).stat).toBeUndefined();
    const r = a.apply({ ...create('/y', 'üñ'), type: OpCode.create2 });
    expect(r.stat).toMatchObject({
      czxid: 2,
      mzxid: 2,
      pzxid: 2,
      ctime: 1002,
      version: 0,
      cversion: 0,
      dataLength: 4,
      numChildren: 0,
    });
  });

  it('parentCVersion: -1 means current + 1; a smaller one leaves cversion and pzxid alone', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/p', null, -1));
    a.apply(create('/p/c1', null, 5));
    expect(t.getNode('/p')!.stat).toMatchObject({ cversion: 5, pzxid: 2 });
    a.apply(create('/p/c2', null, 3));
    expect(t.getNode('/p')!.stat).toMatchObject({ cversion: 5, pzxid: 2 });
    expect(t.statNode('/p').numChildren).toBe(2);
  });

  it('setData bumps version, mzxid and mtime; setACL bumps aversion; neither touches cversion', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/n', 'v0'));
    const r = a.apply(setData('/n', 'v1-longer', 1));
    expect(r).toMatchObject({ err: 0, path: '/n', type: OpCode.setData });
    expect(r.stat).toMatchObject({
      czxid: 1,
      mzxid: 2,
      mtime: 1002,
      ctime: 1001,
      version: 1,
      dataLength: 9,
      cversion: 0,
      pzxid: 1,
    });
    expect(t.getData('/n').data).toBe('v1-longer');
    const acl = [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }];
    const s = a.apply({ type: OpCode.setACL, path: '/n', acl, version: 1 });
    expect(s.stat).toMatchObject({ aversion: 1, mzxid: 2, version: 1 });
    expect(t.getACL('/n').acl).toEqual(acl);
    expect(a.apply(setData('/missing', 'x', 1)).err).toBe(Code.NONODE);
  });

  it('delete of a missing child still moves the parent pzxid (3.8 updates it before the lookup)', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/p'));
    const r = a.apply(del('/p/ghost'));
    expect(r.err).toBe(Code.NONODE);
    expect(t.getNode('/p')!.stat.pzxid).toBe(2);
    expect(a.apply(del('/nothere/x')).err).toBe(Code.NONODE);
  });

  it('a create failing with NODEEXISTS still advances the parent cversion/pzxid (create only)', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/p'));
    a.apply(create('/p/c', null, 1));
    const r = a.apply(create('/p/c', null, 7));
    expect(r.err).toBe(Code.NODEEXISTS);
    expect(t.getNode('/p')!.stat).toMatchObject({ cversion: 7, pzxid: 3 });
    const r2 = a.apply({ ...create('/p/c', null, 9), type: OpCode.create2 });
    expect(r2.err).toBe(Code.NODEEXISTS);
    expect(t.getNode('/p')!.stat).toMatchObject({ cversion: 7, pzxid: 3 });
    expect(a.apply(create('/nope/c')).err).toBe(Code.NONODE);
  });

  it('an error txn reports its code and still advances lastProcessedZxid', () => {
    const t = new DataTree();
    const a = new Applier(t);
    const r = a.apply(error(Code.BADVERSION));
    expect(r).toMatchObject({ err: Code.BADVERSION, type: OpCode.error, zxid: 1 });
    expect(t.lastProcessedZxid).toBe(1);
  });

  it('multi applies every sub-txn under one zxid and reports each', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/m', 'old'));
    const r = a.apply({
      type: OpCode.multi,
      txns: [
        create('/m/a', 'x', 1),
        setData('/m', 'new', 1),
        { type: OpCode.check, path: '/m', version: 2 },
        del('/m/a'),
      ],
    });
    expect(r.err).toBe(0);
    expect(r.multiResult!.map((s) => [s.type, s.err, s.path, s.zxid])).toEqual([
      [OpCode.create, 0, '/m/a', 2],
      [OpCode.setData, 0, '/m', 2],
      [OpCode.check, 0, '/m', 2],
      [OpCode.delete, 0, '/m/a', 2],
    ]);
    expect(r.multiResult![1]!.stat).toMatchObject({ version: 1, mzxid: 2 });
    expect(t.statNode('/m')).toMatchObject({ version: 1, pzxid: 2, cversion: 2, numChildren: 0 });
    expect(t.lastProcessedZxid).toBe(2);
  });

  it('a multi with an error txn inside applies nothing: OK before, the code, RUNTIMEINCONSISTENCY after', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/m'));
    const before = t.canonicalDump();
    const r = a.apply({
      type: OpCode.multi,
      txns: [create('/m/a', null, 1), error(Code.NODEEXISTS), error(Code.RUNTIMEINCONSISTENCY)],
    });
    expect(r.err).toBe(Code.NODEEXISTS);
    expect(r.multiResult!.map((s) => [s.type, s.err])).toEqual([
      [OpCode.error, Code.OK],
      [OpCode.error, Code.NODEEXISTS],
      [OpCode.error, Code.RUNTIMEINCONSISTENCY],
    ]);
    expect(t.canonicalDump()).toBe(before);
    expect(t.lastProcessedZxid).toBe(2);
  });

  it('a multi replayed onto a tree where a sub-op fails keeps going (each sub-txn stands alone)', () => {
    const t = new DataTree();
    const a = new Applier(t);
    const r = a.apply({ type: OpCode.multi, txns: [del('/nope'), create('/yes', null, 1)] });
    expect(r.err).toBe(Code.NONODE);
    expect(r.multiResult!.map((s) => s.err)).toEqual([Code.NONODE, 0]);
    expect(t.getNode('/yes')).toBeDefined();
  });

  it('closeSession deletes the txn paths, then any ephemeral the txn missed (with a warning)', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/app'));
    a.apply(create('/app/e1', null, -1, true), S1);
    a.apply(create('/app/e2', null, -1, true), S1);
    a.apply(create('/app/other', null, -1, true), S2);
    a.apply(create('/e3', null, -1, true), S1);
    expect(t.getEphemerals(S1)).toEqual(['/app/e1', '/app/e2', '/e3']);
    expect(t.getEphemeralsCount()).toBe(4);
    const r = a.apply({ type: OpCode.closeSession, paths2Delete: ['/app/e1', '/gone'] }, S1);
    expect(r.err).toBe(0);
    expect(t.getNode('/app/e1')).toBeUndefined();
    expect(t.getNode('/app/e2')).toBeUndefined();
    expect(t.getNode('/e3')).toBeUndefined();
    expect(t.getNode('/app/other')).toBeDefined();
    expect(t.getEphemerals(S1)).toEqual([]);
    expect(t.getEphemerals(S2)).toEqual(['/app/other']);
    expect(t.getNode('/app')!.stat.pzxid).toBe(6);
    expect(t.warnings).toEqual([
      'Ignoring NoNodeException for path /gone while removing ephemeral for dead session 0x1000015c3120000',
      'Unexpected extra paths under session [/app/e2, /e3] which are not in txn 0x6',
    ]);
  });

  it('containers and TTL nodes are tracked until deleted; TTL needs extended types', () => {
    const t = new DataTree({ extendedTypesEnabled: true });
    const a = new Applier(t);
    a.apply({ type: OpCode.createContainer, path: '/c', data: null, acl: Ids.OPEN_ACL_UNSAFE, parentCVersion: -1 });
    a.apply({ type: OpCode.createTTL, path: '/t', data: null, acl: Ids.OPEN_ACL_UNSAFE, parentCVersion: -1, ttl: 100 });
    expect(t.getContainers()).toEqual(['/c']);
    expect(t.getTtls()).toEqual(['/t']);
    a.apply({ type: OpCode.deleteContainer, path: '/c' });
    a.apply(del('/t'));
    expect(t.getContainers()).toEqual([]);
    expect(t.getTtls()).toEqual([]);
    // without extended types a TTL owner reads as a session: clients would see it
    const plain = new DataTree();
    new Applier(plain).apply({
      type: OpCode.createTTL,
      path: '/t',
      data: null,
      acl: Ids.OPEN_ACL_UNSAFE,
      parentCVersion: -1,
      ttl: 100,
    });
    expect(plain.getTtls()).toEqual([]);
    expect(plain.statNode('/t').ephemeralOwner).toBe(0xff00000000000064n);
  });
});

describe('quotas', () => {
  it('stats nodes follow creates, setData and deletes under the quota (as the real 3.8.0 showed)', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/q'));
    a.apply(create('/q/x', '12345'));
    // what setquota -n 2 /q creates
    a.apply(create('/zookeeper/quota/q', null));
    a.apply(create('/zookeeper/quota/q/zookeeper_limits', 'count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1'));
    a.apply(create('/zookeeper/quota/q/zookeeper_stats', 'count=0,bytes=0'));
    expect(t.getData('/zookeeper/quota/q/zookeeper_stats').data).toBe('count=2,bytes=5');
    expect(t.getMaxPrefixWithQuota('/q/x/y')).toBe('/q');
    a.apply(create('/q/y', '1'));
    a.apply(create('/q/z', '1'));
    const stats = t.getData('/zookeeper/quota/q/zookeeper_stats');
    expect(stats.data).toBe('count=4,bytes=7');
    expect(stats.stat).toMatchObject({ version: 0, mzxid: 5, dataLength: 15 }); // data changed in place
    a.apply(setData('/q/x', '1', 1));
    a.apply(del('/q/y'));
    expect(t.getData('/zookeeper/quota/q/zookeeper_stats').data).toBe('count=3,bytes=2');
    a.apply(create('/other', 'zzz'));
    expect(t.getData('/zookeeper/quota/q/zookeeper_stats').data).toBe('count=3,bytes=2');
    // delquota: the limits node goes, the trie forgets /q
    a.apply(del('/zookeeper/quota/q/zookeeper_limits'));
    expect(t.getMaxPrefixWithQuota('/q/x')).toBeNull();
  });

  it('a zookeeper_limits node right under /zookeeper/quota throws, as 3.8.0 crashes on it', () => {
    const t = new DataTree();
    expect(() => new Applier(t).apply(create('/zookeeper/quota/zookeeper_limits', 'count=1'))).toThrow(
      'Invalid path: ',
    );
  });
});

describe('snapshots', () => {
  it('serialize → JSON → deserialize gives the same tree; quota stats are recounted on load', () => {
    const t = new DataTree({ extendedTypesEnabled: true });
    const a = new Applier(t);
    a.apply(create('/app', 'root data'));
    for (let i = 0; i < 20; i++)
      a.apply(
        create(`/app/n${i}`, `v${i}`, -1, i % 5 === 0, [{ perms: Perms.READ, id: { scheme: 'ip', id: '10.0.0.0/8' } }]),
      );
    for (let i = 0; i < 15; i++) a.apply(del(`/app/n${i}`));
    a.apply({ type: OpCode.createContainer, path: '/c', data: 'c', acl: Ids.OPEN_ACL_UNSAFE, parentCVersion: -1 });
    a.apply({
      type: OpCode.createTTL,
      path: '/t',
      data: null,
      acl: Ids.OPEN_ACL_UNSAFE,
      parentCVersion: -1,
      ttl: 60000,
    });
    a.apply(create('/zookeeper/quota/app'));
    a.apply(create('/zookeeper/quota/app/zookeeper_limits', 'count=10,bytes=-1'));
    a.apply(create('/zookeeper/quota/app/zookeeper_stats', 'count=0,bytes=0'));
    a.apply(setData('/app', 'x', 1));
    const json = JSON.stringify(t.serialize());
    expect(JSON.parse(json).nodes[0].path).toBe('');
    const back = DataTree.deserialize(JSON.parse(json), { extendedTypesEnabled: true });
    expect(compareTrees(t, back)).toEqual([]);
    expect(back.canonicalDump()).toBe(t.canonicalDump());
    expect(back.getEphemerals(S1)).toEqual(t.getEphemerals(S1));
    expect(back.getContainers()).toEqual(['/c']);
    expect(back.getTtls()).toEqual(['/t']);
    expect(back.getMaxPrefixWithQuota('/app/n19')).toBe('/app');
    expect(back.getData('/zookeeper/quota/app/zookeeper_stats').data).toBe('count=6,bytes=16'); // /app 'x' + n15..n19 'v15'..'v19'
    expect(back.approximateDataSize()).toBe(t.approximateDataSize());
    expect(back.getNodeCount()).toBe(t.getNodeCount());
    expect(back.statNode('/')).toEqual(t.statNode('/'));
  });

  it('compareTrees names the differing nodes', () => {
    const x = new DataTree();
    const y = new DataTree();
    new Applier(x).apply(create('/a', '1'));
    new Applier(y).apply(create('/a', '2'));
    const diff = compareTrees(x, y);
    expect(diff).toHaveLength(2);
    expect(diff[0]).toMatch(/^- \/a data="1"/);
  });
});

describe('EphemeralType', () => {
  it('decodes owners as 3.8 does', async () => {
    const { ephemeralTypeOf, ttlOf } = await import('../../protocol/datatree/EphemeralType.ts');
    expect(ephemeralTypeOf(0n, true)).toBe('VOID');
    expect(ephemeralTypeOf(S1, true)).toBe('NORMAL');
    expect(ephemeralTypeOf(CONTAINER_EPHEMERAL_OWNER, false)).toBe('CONTAINER');
    expect(ephemeralTypeOf(ttlToEphemeralOwner(5000), true)).toBe('TTL');
    expect(ephemeralTypeOf(ttlToEphemeralOwner(5000), false)).toBe('NORMAL');
    expect(ttlOf(ttlToEphemeralOwner(5000))).toBe(5000);
    expect(() => ephemeralTypeOf(0xff00010000000005n, true)).toThrow('Invalid ephemeralOwner. [ff00010000000005]');
    expect(() => ttlToEphemeralOwner(0)).toThrow('ttl must be positive and cannot be larger than: 1099511627775');
    expect(() => ttlToEphemeralOwner(2 ** 40)).toThrow();
  });
});
