// The guided search's feedback (sim/harness/search/coverage.ts): each server's abstract state
// (role × Zab phase × sync mode × unsynced disk × epochs) as the trace tells it, the features
// of a run, and its trigger points — each a trigger that, scheduled in the same run, fires on
// that very event (the nth as sim/faults/triggers.ts counts).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { matches } from '../../sim/faults/triggers.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { runSeed } from '../../sim/harness/fuzz.ts';
import { CoverageCollector } from '../../sim/harness/search/coverage.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

/** Feed hand-made events (i, t filled in) to a collector. */
function feed(c: CoverageCollector, evs: Record<string, unknown>[]): void {
  evs.forEach((e, i) => c.onEvent({ i, t: i * 1000, ...e } as unknown as TraceEvent));
}

const snapFile = '/var/lib/zookeeper/zoo1/version-2/snapshot.200000003';

describe('abstract protocol state of a server, from the trace', () => {
  it("a crash while a SNAP-synced learner's snapshot is unsynced is its own feature, and the fsync clears it", () => {
    const c = new CoverageCollector();
    const learner = [
      { k: 'proc', n: 's1', what: 'start', inc: 1 },
      { k: 'state', n: 's1', state: 'FOLLOWING', leader: 2, round: 1, peerEpoch: 1, zxid: 0 },
      { k: 'zab.connected', n: 's1', leader: 2 },
      { k: 'zab.sync-learner', n: 's1', mode: 'SNAP', zxid: 0x200000003 },
      { k: 'disk', n: 's1', op: 'write', file: snapFile, bytes: 10 },
      { k: 'disk', n: 's1', op: 'fsync', file: snapFile, bytes: 10 },
    ];
    feed(c, [...learner, { k: 'proc', n: 's1', what: 'crash' }]);
    const f = c.result().features;
    // '~': the SNAP's history (0x200000003) in memory only
    expect(f).toContain('x:crash@following/sync/SNAP/S/c=a~');
    expect(f).toContain('s:disk.write.S@following/sync/SNAP/S/c=a~');
    // the order summary: consecutive steps across servers, with their roles
    expect(f).toContain('o:zab.connected/F>zab.sync-learner.SNAP/F=');

    const d = new CoverageCollector();
    feed(d, [...learner, { k: 'disk', n: 's1', op: 'fsync-done', token: 1 }, { k: 'proc', n: 's1', what: 'crash' }]);
    expect(d.result().features).toContain('x:crash@following/sync/SNAP/-/c=a');
  });

  it("marks a sync whose currentEpoch is written before the history it brings is on disk ('!'), until that history is durable", () => {
    const c = new CoverageCollector();
    feed(c, [
      { k: 'state', n: 's1', state: 'FOLLOWING', leader: 2, round: 1, peerEpoch: 1, zxid: 0 },
      { k: 'zab.epoch', n: 's1', file: 'acceptedEpoch', value: 2 },
      { k: 'zab.sync-learner', n: 's1', mode: 'SNAP', zxid: 0x200000003 },
      { k: 'disk', n: 's1', op: 'write', file: snapFile, bytes: 10 },
      { k: 'disk', n: 's1', op: 'fsync', file: snapFile, bytes: 10 },
      { k: 'zab.epoch', n: 's1', file: 'currentEpoch', value: 2 },
      { k: 'send', n: 's1', conn: 1, msg: { type: 'ACK' } },
      { k: 'disk', n: 's1', op: 'fsync-done', token: 1 },
      { k: 'recv', n: 's1', conn: 1, from: 's2', m: 'UPTODATE' },
    ]);
    const f = c.result().features;
    expect(f).toContain('s:send.ACK@following/sync/SNAP/S/c=a!');
    // the snapshot (of 0x200000003) durable: the claim is covered
    expect(f).toContain('s:recv.UPTODATE@following/sync/SNAP/-/c=a');
  });

  it("tells a sync to an epoch's first zxid (no txn: a first start) from one that carries txns", () => {
    const c = new CoverageCollector();
    feed(c, [
      { k: 'state', n: 's3', state: 'LEADING', leader: 3, round: 1, peerEpoch: 1, zxid: 0 },
      { k: 'zab.sync', n: 's3', peer: 1, mode: 'SNAP', peerLastZxid: 0, leaderLastZxid: 0x100000000 },
      { k: 'zab.sync', n: 's3', peer: 2, mode: 'SNAP', peerLastZxid: 0, leaderLastZxid: 0x200000004 },
    ]);
    const f = c.result().features;
    expect(f).toContain('y:SNAP/z</e</0');
    expect(f).toContain('y:SNAP/z</e<');
    expect(f).toContain('s:zab.sync.SNAP@leading/discovery/SNAP0/-/c=a');
    expect(f).toContain('s:zab.sync.SNAP@leading/discovery/SNAP/-/c=a');
  });

  it('names a restart whose currentEpoch is ahead of its last zxid, and a checker that fired', () => {
    const c = new CoverageCollector();
    feed(c, [
      { k: 'peer.loaded', n: 's1', myid: 1, lastZxid: 0x100000003, currentEpoch: 2, acceptedEpoch: 2, txns: 3 },
    ]);
    expect(c.result([{ checker: 'epoch-monotonic' }]).features).toEqual(
      expect.arrayContaining(['l:c>z/a=c/txns', 'v:epoch-monotonic']),
    );
  });
});

describe('trigger points of a real run', () => {
  it('each one, as a trigger, matches its own event as the nth (the count triggers.ts keeps)', () => {
    const events: TraceEvent[] = [];
    const faults = scenarioNamed('faults');
    // collect the run's events beside the coverage: the same run (same seed and plan)
    const r = runSeed(faults, { servers: 3, swarm: true }, 2, false, { runSeed: 2, swarm: true }, { cover: true });
    const again = runSeed(
      faults,
      { servers: 3, swarm: true, onEvent: (ev: TraceEvent) => events.push(ev) } as never,
      2,
      false,
    );
    expect(again.traceHash).toBe(r.traceHash);
    const steps = r.cover!.steps;
    expect(steps.length).toBeGreaterThan(50);
    expect(new Set(steps.map((s) => s.on.event)).size).toBeGreaterThan(10);
    const roles = new RoleTracker();
    const seen = new Map<number, number>(); // step index → matches so far
    for (const ev of events) {
      roles.onEvent(ev);
      steps.forEach((s, k) => {
        if (!matches(s.on, ev, roles)) return;
        const n = (seen.get(k) ?? 0) + 1;
        seen.set(k, n);
        if (ev.i === s.event) expect(n, `${JSON.stringify(s.on)} at event ${ev.i}`).toBe(s.on.nth);
      });
    }
    for (const [k, s] of steps.entries()) expect(seen.get(k) ?? 0, JSON.stringify(s)).toBeGreaterThanOrEqual(s.on.nth!);
  }, 60_000);
});
