// The leader's sync decision for each kind of learner (LearnerHandler.syncFollower), and the
// learner's tree equal to the leader's afterwards:
//  - equal → empty DIFF;  behind within the committed log → DIFF with the missing txns;
//  - behind the leader's whole log (it has only a snapshot of that past) → SNAP;
//  - ahead with an uncommitted tail of the same epoch → TRUNC; with a gap → TRUNC+DIFF;
//  - an uncommitted tail of an old epoch while the leader has a newer epoch's txns → SNAP.
import { describe, expect, it } from 'vitest';
import { Ids } from '../../protocol/data.ts';
import { DataTree } from '../../protocol/datatree/DataTree.ts';
import type { QuorumPeer } from '../../protocol/server/QuorumPeer.ts';
import { OpCode, type LoggedTxn } from '../../protocol/server/txn.ts';
import { encodeRecord } from '../../protocol/storage/FileTxnLog.ts';
import { FileSnap } from '../../protocol/storage/FileSnap.ts';
import { dataDir, installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { ofKind } from '../support/events.ts';
import { World } from '../../sim/engine/world.ts';
import { makeZxid } from '../../protocol/zxid.ts';

function txn(zxid: number): LoggedTxn {
  return {
    hdr: { clientId: 0n, cxid: 0, zxid, time: 1000, type: OpCode.create },
    txn: {
      type: OpCode.create,
      path: `/n${zxid.toString(16)}`,
      data: 'd',
      acl: Ids.OPEN_ACL_UNSAFE,
      ephemeral: false,
      parentCVersion: -1,
    },
  };
}

/** A server's disk as a past run left it: these txns logged, these epochs. */
function seed(world: World, sid: number, zxids: number[], accepted: number, current: number, snapshotUpTo?: number) {
  const disk = world.node(nodeName(sid)).disk;
  const dir = `${dataDir(sid)}/version-2`;
  const logged = zxids.filter((z) => snapshotUpTo === undefined || z > snapshotUpTo);
  if (logged.length > 0)
    disk.seed(`${dir}/log.${logged[0]!.toString(16)}`, logged.map((z) => encodeRecord(txn(z))).join(''));
  disk.seed(`${dir}/acceptedEpoch`, `${accepted}\n`);
  disk.seed(`${dir}/currentEpoch`, `${current}\n`);
  if (snapshotUpTo !== undefined) {
    const tree = new DataTree();
    for (const z of zxids.filter((x) => x <= snapshotUpTo)) tree.processTxn(txn(z).hdr, txn(z).txn);
    const body = new FileSnap(disk, dataDir(sid));
    body.write({ zxid: snapshotUpTo, sessions: [], tree: tree.serialize() });
    disk.flush();
  }
}

/**
 * The lines of two trees' canonical dumps that differ, but for the mtime of /zookeeper/config:
 * each quorum peer writes its quorum config there with its own clock, at start and (a learner)
 * after a SNAP (ZKDatabase.initConfigInZKDatabase), so that mtime is per server.
 */
function compareTrees(a: DataTree, b: DataTree): string[] {
  const dump = (t: DataTree) =>
    t
      .canonicalDump()
      .split('\n')
      .map((l) => (l.startsWith('/zookeeper/config ') ? l.replace(/ mtime=\S+/, ' mtime=<local>') : l));
  const la = dump(a);
  const lb = dump(b);
  return [
    ...la.filter((l) => !lb.includes(l)).map((l) => `- ${l}`),
    ...lb.filter((l) => !la.includes(l)).map((l) => `+ ${l}`),
  ];
}

const e1 = (n: number) => Array.from({ length: n }, (_, i) => makeZxid(1, i + 1));

function run(setup: (w: World) => void, starts: Record<number, number>, untilMs = 4000) {
  const world = new World(7);
  const roles = new RoleTracker();
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    if (e.k === 'zab.sync' || e.k === 'zab.truncate' || e.k === 'zab.snap') events.push(e);
  });
  installEnsemble(world, { servers: 3 });
  setup(world);
  for (const [sid, at] of Object.entries(starts)) world.at(at, 'start', () => world.start(nodeName(Number(sid))));
  world.run({ untilMs });
  const tree = (sid: number) => (world.node(nodeName(sid)).actor as QuorumPeer).zkDb.tree;
  const leader = Number(roles.leader()!.slice(1));
  return {
    world,
    events,
    tree,
    leader,
    mode: (peer: number) =>
      ofKind(events, 'zab.sync')
        .filter((e) => e.peer === peer)
        .map((e) => e.mode),
  };
}

describe('sync modes', () => {
  it('equal: an empty DIFF', () => {
    const r = run((w) => [1, 2, 3].forEach((s) => seed(w, s, e1(5), 1, 1)), { 1: 0, 2: 0, 3: 0 });
    expect(r.leader).toBe(3);
    expect(r.mode(1)).toEqual(['DIFF']);
    expect(compareTrees(r.tree(1), r.tree(3))).toEqual([]);
  });

  it('behind within the committed log: a DIFF carrying the missing txns', () => {
    const r = run(
      (w) => {
        seed(w, 1, e1(3), 1, 1);
        seed(w, 2, e1(5), 1, 1);
        seed(w, 3, e1(5), 1, 1);
      },
      { 1: 0, 2: 0, 3: 0 },
    );
    expect(r.mode(1)).toEqual(['DIFF']);
    expect(r.tree(1).getNode(`/n${makeZxid(1, 5).toString(16)}`)).toBeDefined();
    expect(compareTrees(r.tree(1), r.tree(3))).toEqual([]);
  });

  it("behind the leader's whole log (the leader holds that past only as a snapshot): SNAP", () => {
    const r = run(
      (w) => {
        seed(w, 1, [], 0, 0);
        seed(w, 2, e1(8), 1, 1, 6);
        seed(w, 3, e1(8), 1, 1, 6);
      },
      { 2: 0, 3: 0, 1: 1500 },
    );
    expect(r.mode(1)).toEqual(['SNAP']);
    expect(r.events.some((e) => e.k === 'zab.snap' && e.n === 's1')).toBe(true);
    expect(compareTrees(r.tree(1), r.tree(r.leader))).toEqual([]);
  });

  it('ahead with an uncommitted tail of the same epoch: TRUNC, and the tail is gone', () => {
    const r = run(
      (w) => {
        seed(w, 1, e1(7), 1, 1);
        seed(w, 2, e1(5), 1, 1);
        seed(w, 3, e1(5), 1, 1);
      },
      { 2: 0, 3: 0, 1: 1500 },
    );
    expect(r.mode(1)).toEqual(['TRUNC']);
    expect(ofKind(r.events, 'zab.truncate').find((e) => e.n === 's1')?.zxid).toBe(makeZxid(1, 5));
    expect(r.tree(1).getNode(`/n${makeZxid(1, 6).toString(16)}`)).toBeUndefined();
    expect(compareTrees(r.tree(1), r.tree(r.leader))).toEqual([]);
  });

  it('a diverged txn in the middle: TRUNC to the last common txn, then DIFF (TRUNC+DIFF)', () => {
    const r = run(
      (w) => {
        seed(w, 1, [...e1(5), makeZxid(1, 6)], 1, 1);
        seed(w, 2, [...e1(5), makeZxid(1, 7)], 1, 1);
        seed(w, 3, [...e1(5), makeZxid(1, 7)], 1, 1);
      },
      { 2: 0, 3: 0, 1: 1500 },
    );
    expect(r.mode(1)).toEqual(['TRUNC+DIFF']);
    expect(r.tree(1).getNode(`/n${makeZxid(1, 6).toString(16)}`)).toBeUndefined();
    expect(r.tree(1).getNode(`/n${makeZxid(1, 7).toString(16)}`)).toBeDefined();
    expect(compareTrees(r.tree(1), r.tree(r.leader))).toEqual([]);
  });

  it("an old epoch's uncommitted tail, the leader already in a newer epoch's txns: SNAP (a TRUNC cannot cross epochs)", () => {
    const r = run(
      (w) => {
        seed(w, 1, e1(7), 1, 1);
        seed(w, 2, [...e1(5), makeZxid(2, 1)], 2, 2);
        seed(w, 3, [...e1(5), makeZxid(2, 1)], 2, 2);
      },
      { 2: 0, 3: 0, 1: 1500 },
    );
    expect(r.mode(1)).toEqual(['SNAP']);
    expect(r.tree(1).getNode(`/n${makeZxid(1, 6).toString(16)}`)).toBeUndefined();
    expect(compareTrees(r.tree(1), r.tree(r.leader))).toEqual([]);
  });
});
