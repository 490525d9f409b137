// fast-check arbitraries for fault plans and workloads: what they generate is valid data, the
// plans and workloads the faults scenario draws from a seed lie in their space (so the shrinker
// can shrink them without a generation context), and the protocol holds on generated runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultArb, planArb, runDataArb, workloadArb } from '../../sim/faults/arbitraries.ts';
import { FaultPlan, checkServers } from '../../sim/faults/plan.ts';
import { Workload } from '../../sim/faults/workload.ts';
import { runScenario, scenarioData } from '../../sim/harness/runner.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

const servers = [1, 2, 3];
const FC_SEED = fc.readConfigureGlobal().seed;

describe('plan and workload arbitraries', () => {
  it('property: every generated plan and workload passes the zod schemas, naming only ensemble servers', () => {
    fc.assert(
      fc.property(runDataArb({ servers, horizonMs: 45_000 }), (d) => {
        const plan = FaultPlan.parse(d.plan);
        checkServers(plan, servers);
        Workload.parse(d.workload);
      }),
      { numRuns: 300 },
    );
  });

  it('generates step-triggered faults and role targets, not only timed ones', () => {
    const sample = fc.sample(faultArb({ servers, horizonMs: 45_000 }), { numRuns: 400, seed: 1 });
    expect(sample.some((f) => f.on !== undefined)).toBe(true);
    expect(sample.some((f) => f.on?.where !== undefined)).toBe(true);
    expect(sample.some((f) => 'target' in f && f.target === 'trigger-node')).toBe(true);
    expect(sample.some((f) => 'target' in f && f.target === 'trigger-node' && f.at !== undefined)).toBe(false);
  });

  it.each([
    [3, false],
    [5, false],
    [3, true],
  ])(
    'every plan and workload the faults scenario draws (%i servers, swarm %s) can be shrunk without context',
    (n, swarm) => {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      const plans = planArb({ servers: ids, horizonMs: 45_000 });
      const workloads = workloadArb();
      for (let seed = 1; seed <= 15; seed++) {
        const d = scenarioData({ scenario: scenarioNamed('faults'), seed, servers: n, ...(swarm ? { swarm } : {}) });
        expect(plans.canShrinkWithoutContext(d.plan)).toBe(true);
        expect(workloads.canShrinkWithoutContext(d.workload)).toBe(true);
        // and shrinking yields candidates (smaller plans first)
        const [first] = [...plans.shrink(d.plan!, undefined).take(1)];
        if (d.plan!.faults.length > 0) expect(first!.value.faults.length).toBeLessThan(d.plan!.faults.length);
      }
    },
  );

  it(`property (fast-check seed ${FC_SEED}): no checker fires on any generated plan and workload with bugs off`, () => {
    // Self-healing plans (every crash, pause and partition undone forMs later) before the 45 s
    // heal, which then heals the network and starts every server, as the faults scenario does.
    const tail = [
      { type: 'heal', at: 45_000 },
      { type: 'latency', at: 45_000, latencyMs: 0.5, jitterMs: 0.5 },
      ...servers.map((s) => ({ type: 'start', at: 45_000, servers: [s] })),
    ];
    fc.assert(
      fc.property(runDataArb({ servers, horizonMs: 44_000, healing: true }, { maxClients: 3 }), (d) => {
        const plan = FaultPlan.parse({ faults: [...d.plan.faults, ...tail] });
        const { result } = runScenario({
          scenario: scenarioNamed('faults'),
          seed: 1,
          servers: 3,
          plan,
          workload: Workload.parse(d.workload),
        });
        expect(result.violations).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
