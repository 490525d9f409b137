// The new leader's zxid (issue 12, item 1). Leader.startZkServer sets the database's last
// processed zxid to epoch << 32 (ZKDatabase.setlastProcessedZxid) once a quorum acked NEWLEADER;
// LearnerHandler.syncFollower then finds a learner that joins later behind an empty committed
// log (min = max = lastProcessedZxid) and sends it a SNAP at that zxid — as the real 3.8 server
// does in test/fixtures/zk38/election.md ("Getting a snapshot from leader 0x100000000"). The zxid
// survives the role's end (ZooKeeperServer.shutdown(false) → ZKDatabase.fastForwardDataBase), and
// a SNAP-synced learner has it on disk (the snapshot of NEWLEADER): after a quiet epoch they vote
// epoch << 32 and beat servers that were synced by DIFF.
import { describe, expect, it } from 'vitest';
import type { QuorumPeer } from '../../protocol/server/QuorumPeer.ts';
import { makeZxid } from '../../protocol/zxid.ts';
import { installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { ofKind } from '../support/events.ts';

const E1 = makeZxid(1, 0);

function world3(starts: Record<number, number>, faults: (w: World) => void, untilMs: number) {
  const world = new World(7);
  const events: TraceEvent[] = [];
  world.trace.subscribe((e) => events.push(e));
  installEnsemble(world, { servers: 3 });
  for (const [sid, at] of Object.entries(starts)) world.at(at, 'start', () => world.start(nodeName(Number(sid))));
  faults(world);
  world.run({ untilMs });
  // (trace times are in microseconds)
  return { world, events, peer: (sid: number) => world.node(nodeName(sid)).actor as QuorumPeer };
}

describe('Leader.startZkServer: the last processed zxid becomes epoch << 32', () => {
  it('first-start --servers 5: 1 and 2 get an empty DIFF at 0x0, the late 4 and 5 a SNAP at 0x100000000', () => {
    const events: TraceEvent[] = [];
    const r = runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 5,
      seed: 1,
      onEvent: (e) => events.push(e),
    });
    expect(r.result.ok).toBe(true);
    const syncs = ofKind(events, 'zab.sync')
      .map((e) => [e.peer, e.mode, e.leaderLastZxid])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(syncs).toEqual([
      [1, 'DIFF', 0],
      [2, 'DIFF', 0],
      [4, 'SNAP', E1],
      [5, 'SNAP', E1],
    ]);
    // Learner.syncWithLeader: setlastProcessedZxid(qp.getZxid()) of the SNAP — srvr says Zxid: 0x100000000.
    const uptodate = Object.fromEntries(ofKind(events, 'zab.uptodate').map((e) => [e.n, e.lastZxid]));
    expect(uptodate).toEqual({ s1: 0, s2: 0, s4: E1, s5: E1 });
  });

  it('the leader keeps epoch << 32 when its role ends (fastForwardDataBase) and votes with it', () => {
    // 3 leads epoch 1 with 1 and 2; both followers crash: 3 loses its quorum and goes LOOKING.
    const r = world3(
      { 1: 0, 2: 0, 3: 0 },
      (w) => {
        w.at(3000, 'crash', () => w.crash(nodeName(1)));
        w.at(3000, 'crash', () => w.crash(nodeName(2)));
      },
      8000,
    );
    const s3 = r.events.filter((e) => e.n === 's3');
    expect(ofKind(s3, 'zab.established').map((e) => e.epoch)).toEqual([1]);
    const shutdown = s3.findIndex((e) => e.k === 'zab.leader-shutdown');
    expect(shutdown).toBeGreaterThan(-1);
    const next = ofKind(s3.slice(shutdown), 'fle.start')[0]!;
    expect(next.zxid).toBe(E1);
    expect(r.peer(3).getLastLoggedZxid()).toBe(E1);
  });

  it('after a quiet epoch a SNAP-synced learner (zxid 0x100000000) beats a DIFF-synced one of larger myid', () => {
    // 2 and 3 start together (3 leads, 2 gets an empty DIFF: 0x0); 1 joins late (SNAP: 0x100000000);
    // the leader dies with nothing written. 1 votes (1, 0x100000000, 1), 2 votes (1, 0x0, 2):
    // the larger zxid wins — without startZkServer's zxid both were 0x0 and 2 won on its myid.
    const r = world3({ 2: 0, 3: 0, 1: 3000 }, (w) => w.at(6000, 'crash', () => w.crash(nodeName(3))), 12000);
    const before = r.events.filter((e) => e.t < 6_000_000);
    expect(ofKind(before, 'zab.sync').map((e) => [e.peer, e.mode])).toEqual([
      [2, 'DIFF'],
      [1, 'SNAP'],
    ]);
    const after = r.events.filter((e) => e.t > 6_000_000);
    const looking = ofKind(after, 'fle.start').map((e) => [e.n, e.zxid]);
    expect(looking).toContainEqual(['s1', E1]);
    expect(looking).toContainEqual(['s2', 0]);
    const led = ofKind(after, 'zab.established').map((e) => [e.n, e.epoch]);
    expect(led).toEqual([['s1', 2]]);
    // 1 leads from 0x100000000 with an empty committed log: 2 (at 0x0) is behind it, a SNAP.
    expect(ofKind(after, 'zab.sync').map((e) => [e.peer, e.mode, e.leaderLastZxid])).toEqual([[2, 'SNAP', E1]]);
  });
});
