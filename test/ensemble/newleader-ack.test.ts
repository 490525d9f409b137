// The ACK of NEWLEADER as 3.8.6 reads it (LearnerHandler.run: after queuing the sync packets
// and NEWLEADER, `ia.readRecord(qp, "packet")`; `if (qp.getType() != Leader.ACK) { LOG.error("Next
// packet was supposed to be an ACK, ..."); return; }`, then Leader.waitForNewLeaderAck(sid, zxid),
// which logs "NEWLEADER ACK from sid: ... is from a different epoch" and does not count an ACK of
// another zxid; Leader.processAck ignores zxids with counter 0). The learner's first packet after
// its sync is the ACK, not any ACK of NEWLEADER's zxid anywhere in its stream.
import { describe, expect, it } from 'vitest';
import { installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { makeZxid } from '../../protocol/zxid.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { ofKind } from '../support/events.ts';

type LearnerOf = { learner?: { send(p: object): void } };

/**
 * Servers 1 and 3 start at 0, server 2 at 4 s: 3 leads with 1 alone until 2 comes. When 1 gets
 * its DIFF (after ACKEPOCH, before NEWLEADER), it first sends `first` to the leader.
 */
function run(first: object, untilMs = 12_000) {
  const world = new World(11);
  const events: TraceEvent[] = [];
  let injected = false;
  world.trace.subscribe((e) => {
    events.push(e);
    if (!injected && e.k === 'zab.sync-learner' && e.n === nodeName(1)) {
      injected = true;
      (world.node(nodeName(1)).actor as unknown as LearnerOf).learner!.send(first);
    }
  });
  installEnsemble(world, { servers: 3 });
  world.at(0, 'start', () => world.start(nodeName(1)));
  world.at(0, 'start', () => world.start(nodeName(3)));
  world.at(4000, 'start', () => world.start(nodeName(2)));
  world.run({ untilMs });
  expect(injected).toBe(true);
  return {
    established: ofKind(events, 'zab.established'),
    errors: ofKind(events, 'zab.learner-handler-error'),
    learnerShutdowns: ofKind(events, 'zab.learner-shutdown').filter((e) => e.n === nodeName(1)),
    uptodate: ofKind(events, 'zab.uptodate').map((e) => e.n),
  };
}

describe('LearnerHandler.run: the first packet after the sync is the ACK of NEWLEADER', () => {
  it('Leader.waitForNewLeaderAck: an ACK of another zxid first is logged, not counted; the learner still gets UPTODATE', () => {
    const r = run({ type: 'ACK', zxid: makeZxid(1, 7) });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ sid: 1 });
    expect(r.errors[0]!.message).toBe(
      'NEWLEADER ACK from sid: 1 is from a different epoch - current 0x100000000 received 0x100000007',
    );
    // Server 1's real ACK of NEWLEADER came second: processAck ignores it. The quorum waits for 2.
    expect(r.established).toHaveLength(1);
    expect(r.established[0]!.acks).toEqual([2, 3]);
    expect(r.established[0]!.t).toBeGreaterThan(4000);
    expect(r.learnerShutdowns).toEqual([]);
    expect(r.uptodate).toContain(nodeName(1));
  });

  it('anything but an ACK first ends that learner handler ("Next packet was supposed to be an ACK")', () => {
    // (Server 1 wrote currentEpoch 1 at NEWLEADER: when 2 starts and leads with epoch 0 it is
    // "ahead of the leader", an error of its LearnerHandler only (waitForEpochAck), so the
    // ensemble settles only after the first leaders' initLimit: hence the longer run.)
    const r = run({ type: 'PING', sessions: [] }, 60_000);
    expect(r.errors[0]).toMatchObject({
      sid: 1,
      message: 'Next packet was supposed to be an ACK, but received packet: PING',
    });
    // The leader closed 1's connection: 1 goes back to LOOKING before the leader is established.
    expect(r.learnerShutdowns.length).toBeGreaterThanOrEqual(1);
    expect(r.learnerShutdowns[0]!.t).toBeLessThan(r.established[0]!.t);
    // the epoch in which 1's first packet was a PING is never established with 1's ACK
    expect(r.established.filter((e) => e.epoch === 1 && e.acks.includes(1))).toEqual([]);
  });
});
