// Model-based test: random create/delete/setData/multi/closeSession sequences, each turned into
// a txn as PrepRequestProcessor would (sequential names from the parent's persisted cversion,
// %010d; NodeExists/NoNode/NotEmpty/BadVersion/NoChildrenForEphemerals found by Prep and sent as
// an ErrorTxn; a failed multi as ErrorTxns), applied with DataTree.processTxn and checked
// against a small Map-based model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataLength, Ids, type Stat } from '../../protocol/data.ts';
import { DataTree, type ProcessTxnResult } from '../../protocol/datatree/DataTree.ts';
import { Code } from '../../protocol/errors.ts';
import { OpCode, type Txn, type TxnHeader } from '../../protocol/server/txn.ts';
import { S1, S2 } from './helpers.ts';

type Kind = 'persistent' | 'ephemeral' | 'container';
interface MNode {
  data: string | null;
  version: number;
  cversion: number;
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number;
  mtime: number;
  kind: Kind;
  owner: bigint;
  children: Set<string>;
}

class Model {
  nodes = new Map<string, MNode>();
  zxid = 1; // /w is created at zxid 1
  constructor() {
    this.nodes.set('/w', {
      data: null,
      version: 0,
      cversion: 0,
      czxid: 1,
      mzxid: 1,
      pzxid: 1,
      ctime: 1001,
      mtime: 1001,
      kind: 'persistent',
      owner: 0n,
      children: new Set(),
    });
  }
  clone(): Model {
    const m = new Model();
    m.zxid = this.zxid;
    m.nodes = new Map([...this.nodes].map(([p, n]) => [p, { ...n, children: new Set(n.children) }]));
    return m;
  }
  paths(): string[] {
    return [...this.nodes.keys()].sort();
  }
}

class Real {
  tree = new DataTree();
  constructor() {
    this.tree.processTxn(
      { clientId: S1, cxid: 1, zxid: 1, time: 1001, type: OpCode.create },
      { type: OpCode.create, path: '/w', data: null, acl: Ids.OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: -1 },
    );
  }
}

class PrepError extends Error {
  constructor(readonly code: number) {
    super(`prep ${code}`);
  }
}

const pad10 = (n: number) => String(n).padStart(10, '0');
const parentOf = (p: string) => p.substring(0, p.lastIndexOf('/'));
const nameOf = (p: string) => p.substring(p.lastIndexOf('/') + 1);

interface CreateOp {
  op: 'create';
  parent: number;
  name: string;
  data: string | null;
  seq: boolean;
  kind: Kind;
}
interface DeleteOp {
  op: 'delete';
  target: number;
  version: number;
}
interface SetDataOp {
  op: 'setData';
  target: number;
  data: string | null;
  version: number;
}
type Op = CreateOp | DeleteOp | SetDataOp;

const MISSING = ['/w/nope', '/w/a/nope', '/x/y'];
function pick(m: Model, i: number, withMissing: boolean): string {
  const all = withMissing ? [...m.paths(), ...MISSING] : m.paths();
  return all[i % all.length]!;
}
/** -1, the current version, or a wrong one. */
function versionFor(m: Model, path: string, sel: number): number {
  const v = m.nodes.get(path)?.version ?? 0;
  return sel === 0 ? -1 : sel === 1 ? v : v + 1;
}

/** Prep for one op against the model (changed in place); returns the txn or throws PrepError. */
function prep(m: Model, op: Op, session: bigint, zxid: number, time: number): { txn: Txn; path: string } {
  if (op.op === 'create') {
    const parentPath = pick(m, op.parent, true);
    const parent = m.nodes.get(parentPath);
    if (parent === undefined) throw new PrepError(Code.NONODE);
    let path = `${parentPath}/${op.name}`;
    if (op.seq) path += pad10(parent.cversion);
    if (m.nodes.has(path)) throw new PrepError(Code.NODEEXISTS);
    if (parent.kind === 'ephemeral') throw new PrepError(Code.NOCHILDRENFOREPHEMERALS);
    const newCversion = parent.cversion + 1;
    parent.cversion = newCversion;
    parent.pzxid = zxid;
    parent.children.add(nameOf(path));
    const owner = op.kind === 'ephemeral' ? session : op.kind === 'container' ? 0x8000000000000000n : 0n;
    m.nodes.set(path, {
      data: op.data,
      version: 0,
      cversion: 0,
      czxid: zxid,
      mzxid: zxid,
      pzxid: zxid,
      ctime: time,
      mtime: time,
      kind: op.kind,
      owner,
      children: new Set(),
    });
    const txn: Txn =
      op.kind === 'container'
        ? { type: OpCode.createContainer, path, data: op.data, acl: Ids.OPEN_ACL_UNSAFE, parentCVersion: newCversion }
        : {
            type: OpCode.create,
            path,
            data: op.data,
            acl: Ids.OPEN_ACL_UNSAFE,
            ephemeral: op.kind === 'ephemeral',
            parentCVersion: newCversion,
          };
    return { txn, path };
  }
  const path = pick(m, op.target, true);
  if (op.op === 'delete') {
    const parent = m.nodes.get(parentOf(path));
    if (parent === undefined) throw new PrepError(Code.NONODE);
    const node = m.nodes.get(path);
    if (node === undefined) throw new PrepError(Code.NONODE);
    if (op.version !== -1 && op.version !== node.version) throw new PrepError(Code.BADVERSION);
    if (node.children.size > 0) throw new PrepError(Code.NOTEMPTY);
    parent.children.delete(nameOf(path));
    parent.pzxid = zxid;
    m.nodes.delete(path);
    return { txn: { type: OpCode.delete, path }, path };
  }
  const node = m.nodes.get(path);
  if (node === undefined) throw new PrepError(Code.NONODE);
  if (op.version !== -1 && op.version !== node.version) throw new PrepError(Code.BADVERSION);
  node.version += 1;
  node.data = op.data;
  node.mzxid = zxid;
  node.mtime = time;
  return { txn: { type: OpCode.setData, path, data: op.data, version: node.version }, path };
}

function header(m: Model, session: bigint, type: number): TxnHeader {
  m.zxid += 1;
  return { clientId: session, cxid: m.zxid, zxid: m.zxid, time: 1000 + m.zxid, type: type as TxnHeader['type'] };
}

/** Resolves the random version selector against the model before prep (0: -1, 1: right, 2: wrong). */
function resolve(m: Model, op: Op): Op {
  if (op.op === 'create') return op;
  return { ...op, version: versionFor(m, pick(m, op.target, true), op.version) };
}

function expectedStat(m: Model, path: string): Stat {
  const n = m.nodes.get(path)!;
  return {
    czxid: n.czxid,
    mzxid: n.mzxid,
    ctime: n.ctime,
    mtime: n.mtime,
    version: n.version,
    cversion: n.cversion * 2 - n.children.size,
    aversion: 0,
    ephemeralOwner: n.kind === 'ephemeral' ? n.owner : 0n,
    dataLength: dataLength(n.data),
    numChildren: n.children.size,
    pzxid: n.pzxid,
  };
}

function checkAgainstModel(m: Model, r: Real): void {
  const t = r.tree;
  for (const path of m.paths()) {
    const n = m.nodes.get(path)!;
    expect(t.statNode(path), path).toEqual(expectedStat(m, path));
    expect(t.getData(path).data, path).toBe(n.data);
    expect([...t.getChildren(path).children].sort(), path).toEqual([...n.children].sort());
  }
  expect(t.getNodeCount()).toBe(5 + m.nodes.size);
  for (const s of [S1, S2]) {
    const eph = m.paths().filter((p) => m.nodes.get(p)!.kind === 'ephemeral' && m.nodes.get(p)!.owner === s);
    expect([...t.getEphemerals(s)].sort()).toEqual(eph);
  }
  expect([...t.getContainers()].sort()).toEqual(m.paths().filter((p) => m.nodes.get(p)!.kind === 'container'));
  expect(t.lastProcessedZxid).toBe(m.zxid);
}

class SingleCommand implements fc.Command<Model, Real> {
  constructor(
    readonly op: Op,
    readonly session: bigint,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const op = resolve(m, this.op);
    const draft = m.clone();
    const hdrType =
      op.op === 'create'
        ? op.kind === 'container'
          ? OpCode.createContainer
          : OpCode.create
        : op.op === 'delete'
          ? OpCode.delete
          : OpCode.setData;
    const hdr = header(draft, this.session, hdrType);
    let rc: ProcessTxnResult;
    try {
      const { txn, path } = prep(draft, op, this.session, hdr.zxid, hdr.time);
      rc = r.tree.processTxn(hdr, txn);
      expect(rc).toMatchObject({ err: 0, type: hdrType, path, zxid: hdr.zxid });
      if (hdrType === OpCode.setData || hdrType === OpCode.createContainer)
        expect(rc.stat).toEqual(expectedStat(draft, path));
      m.nodes = draft.nodes;
    } catch (e) {
      if (!(e instanceof PrepError)) throw e;
      rc = r.tree.processTxn({ ...hdr, type: OpCode.error }, { type: OpCode.error, err: e.code });
      expect(rc).toMatchObject({ err: e.code, type: OpCode.error });
    }
    m.zxid = draft.zxid;
    checkAgainstModel(m, r);
  }
  toString(): string {
    return `${JSON.stringify(this.op)}@${this.session === S1 ? 'S1' : 'S2'}`;
  }
}

class MultiCommand implements fc.Command<Model, Real> {
  constructor(
    readonly ops: Op[],
    readonly session: bigint,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const draft = m.clone();
    const hdr = header(draft, this.session, OpCode.multi);
    const txns: Txn[] = [];
    const expected: Array<{ type: number; err: number; path?: string }> = [];
    let failure: number | null = null;
    for (const raw of this.ops) {
      if (failure !== null) {
        txns.push({ type: OpCode.error, err: Code.RUNTIMEINCONSISTENCY });
        expected.push({ type: OpCode.error, err: Code.RUNTIMEINCONSISTENCY });
        continue;
      }
      try {
        const { txn, path } = prep(draft, resolve(draft, raw), this.session, hdr.zxid, hdr.time);
        txns.push(txn);
        expected.push({ type: txn.type, err: 0, path });
      } catch (e) {
        if (!(e instanceof PrepError)) throw e;
        failure = e.code;
        txns.push({ type: OpCode.error, err: e.code });
        for (const x of expected) {
          x.type = OpCode.error;
          delete x.path;
        }
        expected.push({ type: OpCode.error, err: e.code });
      }
    }
    const rc = r.tree.processTxn(hdr, { type: OpCode.multi, txns });
    expect(rc.err).toBe(failure ?? 0);
    expect(
      rc.multiResult!.map((s) => ({ type: s.type, err: s.err, ...(s.path === undefined ? {} : { path: s.path }) })),
    ).toEqual(expected);
    if (failure === null) m.nodes = draft.nodes;
    m.zxid = draft.zxid;
    checkAgainstModel(m, r);
  }
  toString(): string {
    return `multi${JSON.stringify(this.ops)}@${this.session === S1 ? 'S1' : 'S2'}`;
  }
}

class CloseSessionCommand implements fc.Command<Model, Real> {
  constructor(readonly session: bigint) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const hdr = header(m, this.session, OpCode.closeSession);
    const paths2Delete = r.tree.getEphemerals(this.session); // Prep: getEphemerals + no outstanding changes
    for (const p of paths2Delete) {
      const parent = m.nodes.get(parentOf(p))!;
      parent.children.delete(nameOf(p));
      parent.pzxid = hdr.zxid;
      m.nodes.delete(p);
    }
    const rc = r.tree.processTxn(hdr, { type: OpCode.closeSession, paths2Delete });
    expect(rc.err).toBe(0);
    expect(r.tree.warnings).toEqual([]);
    checkAgainstModel(m, r);
  }
  toString(): string {
    return `closeSession@${this.session === S1 ? 'S1' : 'S2'}`;
  }
}

const session = fc.constantFrom(S1, S2);
const data = fc.constantFrom<string | null>(null, '', 'x', 'üñ', 'data-data');
const createOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constant('create' as const),
  parent: fc.nat(20),
  name: fc.constantFrom('a', 'b', 'lock-', 'n'),
  data,
  seq: fc.boolean(),
  kind: fc.constantFrom<Kind>('persistent', 'persistent', 'ephemeral', 'container'),
});
const deleteOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constant('delete' as const),
  target: fc.nat(20),
  version: fc.nat(2),
});
const setDataOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constant('setData' as const),
  target: fc.nat(20),
  data,
  version: fc.nat(2),
});
const anyOp = fc.oneof(
  { arbitrary: createOp, weight: 3 },
  { arbitrary: deleteOp, weight: 2 },
  { arbitrary: setDataOp, weight: 1 },
);

const commands = [
  fc.tuple(anyOp, session).map(([op, s]) => new SingleCommand(op, s)),
  fc.tuple(fc.array(anyOp, { minLength: 1, maxLength: 4 }), session).map(([ops, s]) => new MultiCommand(ops, s)),
  session.map((s) => new CloseSessionCommand(s)),
];

describe('DataTree against a model', () => {
  it('property: the data tree matches a reference model for random create/delete/setData/multi sequences', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        fc.modelRun(() => ({ model: new Model(), real: new Real() }), cmds);
      }),
      { numRuns: 300 },
    );
  });
});
