// The CI correctness gate: a fixed, versioned set of runs across the scenarios with every
// checker on, plus a determinism self-check (as FoundationDB's unseed check): a sample of the
// runs is done twice and must give the same trace hash; a mismatch names the first event
// where the two runs part.
import type { AnyOptions, Scenario, SeedlessOptions } from './scenario.ts';
import { type RunResult, runScenario } from './runner.ts';
import { canonicalJson } from '../engine/hash.ts';
import { recheck } from './determinism.ts';

/**
 * One case of the gate: a scenario (handed in by the caller) with fixed options, run for seeds
 * 1..N — or 1..maxSeeds, when that is fewer (a case of slow runs kept to a few seeds).
 */
export interface GateCase {
  scenario: Scenario;
  label: string;
  opts: SeedlessOptions;
  maxSeeds?: number;
}

/** A gate case, its options typed by the scenario's own schema. */
export function gateCase<O extends AnyOptions>(
  scenario: Scenario<O>,
  label: string,
  opts: SeedlessOptions<O>,
  maxSeeds?: number,
): GateCase {
  return maxSeeds === undefined ? { scenario, label, opts } : { scenario, label, opts, maxSeeds };
}

/** The seeds a case runs when the gate runs seeds 1..seeds. */
export function caseSeeds(c: GateCase, seeds: number): number {
  return Math.min(seeds, c.maxSeeds ?? seeds);
}

export interface GateRun {
  case: GateCase;
  seed: number;
  result: RunResult;
  /** Set when the determinism re-run disagreed. */
  determinism?: string;
}

/** Run the gate: seeds 1..seeds of every case (1..maxSeeds of a capped one); every `recheckEvery`-th run is run twice. */
export function runGate(
  cases: readonly GateCase[],
  seeds: number,
  recheckEvery = 20,
  onRun?: (r: GateRun) => void,
): GateRun[] {
  const runs: GateRun[] = [];
  let n = 0;
  for (const c of cases) {
    for (let seed = 1; seed <= caseSeeds(c, seeds); seed++) {
      const result = runScenario({ ...c.opts, scenario: c.scenario, seed }).result;
      const run: GateRun = { case: c, seed, result };
      if (n++ % recheckEvery === 0) {
        const mismatch = recheck({ ...c.opts, scenario: c.scenario, seed }, result);
        if (mismatch) run.determinism = mismatch;
      }
      runs.push(run);
      onRun?.(run);
    }
  }
  return runs;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML for CI systems: one testcase per run. */
export function junit(runs: readonly GateRun[], version: number, seconds: (r: GateRun) => number): string {
  const failures = runs.filter((r) => !r.result.ok || r.determinism).length;
  const cases = runs.map((r) => {
    const name = `${r.case.label} seed ${r.seed}`;
    const attrs = `classname="zksim.${xml(r.case.scenario.name)}" name="${xml(name)}" time="${seconds(r).toFixed(3)}"`;
    const v = r.result.violations[0];
    if (r.determinism)
      return `    <testcase ${attrs}>\n      <failure type="determinism" message="${xml(r.determinism)}"/>\n    </testcase>`;
    if (v)
      return `    <testcase ${attrs}>\n      <failure type="${xml(v.checker)}" message="${xml(v.message)}">${xml(canonicalJson(v))}</failure>\n    </testcase>`;
    return `    <testcase ${attrs}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="zksim-gate-v${version}" tests="${runs.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
