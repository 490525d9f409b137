// JavaHashSet reproduces java.util.HashSet<String>'s iteration order. The expected lines were
// printed by a Java 17 program doing the same operations.
import { describe, expect, it } from 'vitest';
import { JavaHashSet, javaStringHash } from '../../protocol/datatree/JavaHashSet.ts';

const pad = (i: number) => `s-${String(i).padStart(10, '0')}`;

describe('JavaHashSet', () => {
  it('String.hashCode', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    expect(javaStringHash('zookeeper')).toBe(1600681804);
  });

  it('HashSet(8) with adds, removes and resizes iterates as Java', () => {
    const s = new JavaHashSet(8);
    for (let i = 0; i < 40; i++) s.add(pad(i));
    for (const n of ['zookeeper', 'a', 'b', 'foo', 'bar', 'lock-', 'x', 'Aa', 'BB', 'C#']) s.add(n);
    for (let i = 0; i < 40; i += 3) s.delete(pad(i));
    expect(s.values().join(',')).toBe(
      's-0000000007,s-0000000008,bar,s-0000000010,s-0000000011,s-0000000014,s-0000000013,s-0000000016,zookeeper,s-0000000001,s-0000000002,s-0000000005,s-0000000004,s-0000000029,Aa,BB,C#,s-0000000028,foo,lock-,s-0000000032,s-0000000031,s-0000000034,s-0000000035,s-0000000038,s-0000000037,s-0000000017,a,b,s-0000000019,x,s-0000000020,s-0000000023,s-0000000022,s-0000000025,s-0000000026',
    );
    const c = s.clone();
    c.add('new1');
    c.add(pad(0));
    expect(c.values().join(',')).toBe(
      's-0000000007,s-0000000029,Aa,BB,C#,s-0000000028,s-0000000008,foo,lock-,bar,s-0000000010,s-0000000032,s-0000000031,s-0000000034,s-0000000011,s-0000000014,s-0000000013,s-0000000035,s-0000000016,s-0000000038,s-0000000037,s-0000000017,a,b,new1,s-0000000019,zookeeper,x,s-0000000020,s-0000000001,s-0000000023,s-0000000022,s-0000000000,s-0000000025,s-0000000002,s-0000000005,s-0000000004,s-0000000026',
    );
  });

  it('ephemeral paths, clone and new HashSet<>(collection)', () => {
    const e = new JavaHashSet();
    for (const n of ['/app/e1', '/app/e2', '/b', '/zz/ephemeral-0000000003', '/q']) e.add(n);
    expect(e.values()).toEqual(['/app/e1', '/app/e2', '/q', '/b', '/zz/ephemeral-0000000003']);
    expect(e.clone().values()).toEqual(e.values());
    expect(JavaHashSet.from(['c', 'b', 'a', '/x/y', '/x/z', '/x/w']).values()).toEqual([
      'a',
      'b',
      'c',
      '/x/z',
      '/x/y',
      '/x/w',
    ]);
  });

  it('a 9th entry in one bucket of a small table doubles the table (treeifyBin)', () => {
    const d = new JavaHashSet();
    for (const n of 'k0,k70,k120,k131,k142,k153,k164,k175,k186'.split(',')) d.add(n);
    expect(d.capacity).toBe(32);
    expect(d.values().join(',')).toBe('k0,k70,k120,k131,k142,k153,k164,k175,k186');
    const t = new JavaHashSet(8);
    t.add('x1');
    t.add('y2');
    for (const n of 'k0,k70,k120,k131,k142,k153,k164,k175,k186,k197'.split(',')) t.add(n);
    expect(t.values().join(',')).toBe('k0,k70,k120,k131,k142,k153,k164,k175,k186,k197,x1,y2');
  });

  it('colliding hashes keep insertion order within a bucket', () => {
    const col = new JavaHashSet(8);
    const base = ['Aa', 'BB'];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) for (let k = 0; k < 2; k++) col.add(base[i % 2]! + base[j % 2]! + base[k]! + i + j);
    expect(col.values().join(',')).toBe(
      'AaBBAa01,AaBBBB01,AaBBAa23,AaBBBB23,AaAaAa00,AaAaBB00,AaAaAa22,AaAaBB22,AaBBAa03,AaBBBB03,AaAaAa02,AaAaBB02,BBAaAa30,BBAaBB30,BBAaAa10,BBAaBB10,BBAaAa32,BBAaBB32,BBBBAa31,BBBBBB31,BBAaAa12,BBAaBB12,BBBBAa11,BBBBBB11,BBBBAa33,BBBBBB33,BBBBAa13,BBBBBB13,AaBBAa21,AaBBBB21,AaAaAa20,AaAaBB20',
    );
  });
});
