// What a seed of the faults scenario draws is pinned: the fault plans and (as a digest) the client
// workloads of a few seeds — plain and swarm, 3 and 5 servers, with observers — are golden data
// of the generator version they were drawn with (test/golden/generated-plans.json). A changed
// draw under the same GENERATOR_VERSION fails here: bump it (sim/faults/generator-version.ts, so
// replay files and fuzz summaries tell the generators apart) and re-pin with ZKSIM_UPDATE_GOLDEN=1.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../sim/faults/generator-version.ts';
import { FaultPlan } from '../../sim/faults/plan.ts';
import { FAULT_KINDS } from '../../sim/faults/registry.ts';
import { scenarioData } from '../../sim/harness/runner.ts';
import { faults } from '../../scenarios/faults.ts';

const golden = new URL('../golden/generated-plans.json', import.meta.url).pathname;

/** Seeds that between them draw every episode and every step action of the registry. */
const CASES = [
  { servers: 3, observers: 0, swarm: false, seed: 1 },
  { servers: 3, observers: 0, swarm: false, seed: 3 },
  { servers: 3, observers: 0, swarm: false, seed: 8 },
  { servers: 5, observers: 0, swarm: false, seed: 11 },
  { servers: 3, observers: 2, swarm: false, seed: 1 },
  { servers: 3, observers: 0, swarm: true, seed: 1 },
  { servers: 3, observers: 0, swarm: true, seed: 4 },
  { servers: 5, observers: 0, swarm: true, seed: 3 },
  // generator v3 (reset, power-off and pause episodes; power-off and pause step actions): these
  // bring the step actions in (crash, isolate, crash-leader, isolate-leader, disk-stall,
  // power-off and pause at a step) — the seeds above draw no step episode under v3.
  { servers: 3, observers: 0, swarm: true, seed: 7 },
  { servers: 3, observers: 0, swarm: true, seed: 11 },
  { servers: 3, observers: 0, swarm: true, seed: 14 },
  { servers: 3, observers: 0, swarm: true, seed: 17 },
  { servers: 3, observers: 0, swarm: true, seed: 38 },
];

interface Drawn {
  servers: number;
  observers: number;
  swarm: boolean;
  seed: number;
  /** sha256 of the workload's JSON, 16 hex digits (a workload is thousands of ops). */
  workload: string;
  faults: FaultPlan['faults'];
}

function draw(): Drawn[] {
  return CASES.map((c) => {
    const d = scenarioData({
      scenario: faults,
      seed: c.seed,
      servers: c.servers,
      ...(c.observers ? { observers: c.observers } : {}),
      ...(c.swarm ? { swarm: true } : {}),
    });
    const workload = createHash('sha256').update(JSON.stringify(d.workload)).digest('hex').slice(0, 16);
    return { ...c, workload, faults: d.plan!.faults };
  });
}

/** One line per run and per fault: key order included (a fault event's fields are in the trace hash). */
const lines = (runs: Drawn[]) =>
  runs.flatMap(({ faults, ...run }) => [JSON.stringify(run), ...faults.map((f) => `  ${JSON.stringify(f)}`)]);

function format(runs: Drawn[]): string {
  const run = ({ faults, ...head }: Drawn) =>
    `    ${JSON.stringify(head).slice(0, -1)}, "faults": [\n${faults.map((f) => `      ${JSON.stringify(f)}`).join(',\n')}\n    ]}`;
  return `{\n  "generator": ${GENERATOR_VERSION},\n  "runs": [\n${runs.map(run).join(',\n')}\n  ]\n}\n`;
}

describe('generated plans, pinned per generator version', () => {
  const now = draw();
  if (process.env.ZKSIM_UPDATE_GOLDEN === '1') writeFileSync(golden, format(now));

  it(`the seeds draw what test/golden/generated-plans.json pins for generator v${GENERATOR_VERSION}`, () => {
    expect(existsSync(golden), 'no pinned plans: ZKSIM_UPDATE_GOLDEN=1 writes them').toBe(true);
    const pinned = JSON.parse(readFileSync(golden, 'utf8')) as { generator: number; runs: Drawn[] };
    expect(
      pinned.generator,
      `GENERATOR_VERSION is ${GENERATOR_VERSION}, the pinned plans are of v${pinned.generator}: re-pin them (ZKSIM_UPDATE_GOLDEN=1)`,
    ).toBe(GENERATOR_VERSION);
    expect(
      lines(now),
      'the seeds draw other plans or workloads under the same GENERATOR_VERSION: bump it (sim/faults/generator-version.ts) and re-pin (ZKSIM_UPDATE_GOLDEN=1)',
    ).toEqual(lines(pinned.runs));
  });

  it('the pinned seeds draw every episode kind and every step action kind, and valid plans', () => {
    const timed = new Set<string>();
    const stepped = new Set<string>();
    for (const r of now) {
      FaultPlan.parse({ faults: r.faults });
      for (const f of r.faults) {
        if (f.on) stepped.add(f.type);
        else if (f.at! < 45_000) timed.add(f.type);
      }
    }
    for (const k of FAULT_KINDS) {
      if (k.episodes.length > 0) expect(timed, `an episode of ${k.type}`).toContain(k.type);
      if (k.stepActions.length > 0) expect(stepped, `a step action of ${k.type}`).toContain(k.type);
    }
  });
});
