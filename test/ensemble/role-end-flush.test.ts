// When a role ends, 3.8's SyncRequestProcessor.shutdown flushes (fsyncs) what it appended before
// the peer goes LOOKING, so the vote's zxid is one its disk holds. Seed 207 of the 3-server
// faults run has the leader crash while follower s2 has a proposal's fsync in flight: before
// the fix s2 voted with that zxid at once and its log write was never traced as logged, and
// quorum-commit saw s2 established on a history its disk did not (yet) hold. Since workloads are
// data that seed no longer lines up; a step-triggered plan makes the moment exact: when follower
// s2 receives its 3rd proposal, its fsyncs stall for 2 s and the leader crashes (back 5 s later).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

describe('a learner whose leader dies mid-fsync', () => {
  it('finishes the fsync (traced as zab.logged) before it goes LOOKING with that zxid', () => {
    const s2: TraceEvent[] = [];
    const on = { event: 'recv', node: 's2', where: { m: 'PROPOSAL' }, nth: 3 };
    const plan = {
      faults: [
        { type: 'disk-stall' as const, on, target: 'trigger-node' as const, forMs: 2000 },
        { type: 'crash-leader' as const, on, forMs: 5000 },
      ],
    };
    const { result } = runScenario({
      scenario: scenarioNamed('faults'),
      servers: 3,
      seed: 207,
      plan,
      onEvent: (ev) => ev.n === 's2' && s2.push(ev),
    });
    expect(result.ok).toBe(true);
    const shutdown = s2.findIndex((e) => e.k === 'zab.learner-shutdown');
    expect(shutdown).toBeGreaterThan(-1);
    const after = s2.slice(shutdown + 1);
    const looking = after.findIndex((e) => e.k === 'state' && e.state === 'LOOKING');
    const lookingEv = after[looking]!;
    const vote = lookingEv.k === 'state' ? lookingEv.zxid : undefined;
    const logged = after.findIndex((e) => e.k === 'zab.logged' && e.zxid === vote);
    expect(logged).toBeGreaterThan(-1);
    expect(logged).toBeLessThan(looking);
    expect(after[looking]!.t).toBeGreaterThan(s2[shutdown]!.t); // it waited for the disk
  });
});
