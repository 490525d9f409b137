// Quotas: the StatsTrack strings 3.8 writes (checked against a real 3.8.0 zkCli: setquota -n 2
// writes "count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1"), PathTrie and checkQuota.
import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import {
  checkQuota,
  limitPath,
  PathTrie,
  statPath,
  StatsTrack,
  trimQuotaPath,
} from '../../protocol/datatree/Quotas.ts';

describe('StatsTrack', () => {
  it('count and bytes only', () => {
    const s = new StatsTrack();
    s.setCount(4);
    s.setBytes(7);
    expect(s.toString()).toBe('count=4,bytes=7');
    expect(new StatsTrack('count=4,bytes=7').getCount()).toBe(4);
  });
  it("setquota -n 2 writes 3.8's odd limits string, which parses back", () => {
    const limits = new StatsTrack();
    limits.setCount(2);
    limits.setBytes(-1);
    limits.setCountHardLimit(-1);
    limits.setByteHardLimit(-1);
    expect(limits.toString()).toBe('count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1');
    const back = new StatsTrack('count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1');
    expect(back.getCount()).toBe(2);
    expect(back.getBytes()).toBe(-1);
    expect(back.getCountHardLimit()).toBe(-1);
    expect(back.equals(limits)).toBe(true);
  });
  it('missing keys read -1; malformed pairs throw as in Java', () => {
    expect(new StatsTrack('').getBytes()).toBe(-1);
    expect(new StatsTrack('count=3;;').getByteHardLimit()).toBe(-1);
    expect(() => new StatsTrack('count=')).toThrow();
    expect(() => new StatsTrack('count=x')).toThrow(/NumberFormatException/);
  });
});

describe('PathTrie', () => {
  it('finds the deepest quota prefix', () => {
    const t = new PathTrie();
    t.addPath('/a');
    t.addPath('/a/b/c');
    expect(t.findMaxPrefix('/a/b/c/d')).toBe('/a/b/c');
    expect(t.findMaxPrefix('/a/b/x')).toBe('/a');
    expect(t.findMaxPrefix('/ab')).toBe('/');
    expect(t.findMaxPrefix('/')).toBe('/');
    t.deletePath('/a');
    expect(t.findMaxPrefix('/a/b/x')).toBe('/');
    expect(t.existsNode('/a/b')).toBe(true);
    t.deletePath('/a/b/c');
    expect(t.existsNode('/a/b/c')).toBe(false);
    expect(() => t.addPath('')).toThrow('Invalid path: ');
  });
  it('layout', () => {
    expect(limitPath('/a')).toBe('/zookeeper/quota/a/zookeeper_limits');
    expect(statPath('/a')).toBe('/zookeeper/quota/a/zookeeper_stats');
    expect(trimQuotaPath('/zookeeper/quota/a')).toBe('/a');
    expect(() => trimQuotaPath('/zookeeper/x')).toThrow();
  });
});

describe('checkQuota (ZooKeeperServer.checkQuota)', () => {
  const view = (limits: string, stats: string) => ({
    getMaxPrefixWithQuota: (p: string) => (p.startsWith('/q/') || p === '/q' ? '/q' : null),
    getNodeData: (p: string) => (p === limitPath('/q') ? limits : p === statPath('/q') ? stats : undefined),
  });
  it('does nothing unless enforceQuota', () => {
    expect(checkQuota(view('count=1,bytes=-1', 'count=5,bytes=0'), '/q/x', null, null, OpCode.create, false)).toEqual({
      warnings: [],
      exceeded: null,
    });
  });
  it('soft limits warn, hard limits fail', () => {
    const soft = checkQuota(view('count=2,bytes=-1', 'count=2,bytes=0'), '/q/x', null, 'abc', OpCode.create, true);
    expect(soft).toEqual({ warnings: ['Quota exceeded: /q [current count=3, softCountLimit=2]'], exceeded: null });
    const hard = checkQuota(
      view('count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2', 'count=2,bytes=0'),
      '/q/x',
      null,
      null,
      OpCode.create,
      true,
    );
    expect(hard).toEqual({ warnings: ['Quota exceeded: /q [current count=3, hardCountLimit=2]'], exceeded: '/q' });
    const bytes = checkQuota(
      view('count=-1,bytes=-1=;byteHardLimit=5;countHardLimit=-1', 'count=2,bytes=3'),
      '/q/x',
      'a',
      'abcd',
      OpCode.setData,
      true,
    );
    expect(bytes).toEqual({ warnings: ['Quota exceeded: /q [current bytes=6, hardByteLimit=5]'], exceeded: '/q' });
    expect(
      checkQuota(view('count=2,bytes=-1', 'count=9,bytes=0'), '/other', null, null, OpCode.create, true).warnings,
    ).toEqual([]);
  });
});
