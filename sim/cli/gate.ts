// zksim gate [--seeds N] [--junit FILE] [--json]: the CI correctness gate. Exit 1 on any
// violation or determinism mismatch.
import { GATE_CASES, GATE_VERSION } from '../../scenarios/gate.ts';
import { type GateRun, caseSeeds, junit, runGate } from '../harness/gate.ts';
import { type FlagTable, UsageError, boolFlag, flag, intFlag, parseArgs, pathFlag, zkFlag } from './args.ts';
import type { Command } from './command.ts';
import { checkWritable, writeAtomic } from './files.ts';

const flags: FlagTable = {
  seeds: flag(intFlag(1, 100_000), 'N', 'seeds 1..N of every case (default 25); the data recipes: 1..5 at most'),
  junit: flag(pathFlag, 'FILE', 'JUnit XML for CI, one testcase per run'),
  json: boolFlag('the runs, failures and time as one JSON object'),
  zk: zkFlag,
};

export const gateCmd: Command = {
  name: 'gate',
  synopsis: '[flags]',
  summary:
    'the CI gate: a fixed seed set of every scenario, every checker, a determinism re-run of 5%; exit 1 on any failure',
  flags,
  run: (argv, out) => gateCommand(argv, out),
};

export function gateCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length > 0) throw new UsageError(`gate takes no positional arguments (got '${positional[0]}')`);
  if (f.junit) checkWritable('--junit', f.junit as string);
  const seeds = (f.seeds as number | undefined) ?? 25;
  /** Each run's wall time, seconds (JUnit's time attribute). */
  const wallSeconds = new Map<GateRun, number>();
  let last = performance.now();
  const t0 = last;
  const zk = f.zk as string | undefined;
  const cases = zk ? GATE_CASES.map((c) => ({ ...c, opts: { ...c.opts, zk } })) : GATE_CASES;
  const runs = runGate(cases, seeds, 20, (r) => {
    const now = performance.now();
    wallSeconds.set(r, (now - last) / 1000);
    last = now;
    if (!f.json && (!r.result.ok || r.determinism)) {
      const why = r.determinism
        ? `determinism: ${r.determinism}`
        : `${r.result.violations[0]!.checker}: ${r.result.violations[0]!.message}`;
      out(`FAIL ${r.case.scenario.name} (${r.case.label}) seed ${r.seed}: ${why}`);
    }
  });
  const failed = runs.filter((r) => !r.result.ok || r.determinism);
  if (f.junit)
    writeAtomic(
      f.junit as string,
      junit(runs, GATE_VERSION, (r) => wallSeconds.get(r) ?? 0),
    );
  const totalSeconds = (performance.now() - t0) / 1000;
  const rechecked = Math.ceil(runs.length / 20);
  if (f.json) {
    out(
      JSON.stringify(
        {
          gate: GATE_VERSION,
          runs: runs.length,
          failures: failed.map((r) => ({
            scenario: r.case.scenario.name,
            case: r.case.label,
            seed: r.seed,
            checker: r.determinism ? 'determinism' : r.result.violations[0]!.checker,
            message: r.determinism ?? r.result.violations[0]!.message,
          })),
          rechecked,
          seconds: Math.round(totalSeconds * 10) / 10,
        },
        null,
        2,
      ),
    );
  } else {
    const capped = new Map<number, number>();
    for (const c of cases)
      if (caseSeeds(c, seeds) < seeds) capped.set(caseSeeds(c, seeds), (capped.get(caseSeeds(c, seeds)) ?? 0) + 1);
    const cap = [...capped].map(([n, k]) => `, ${k} of them 1..${n}`).join('');
    out(
      `gate v${GATE_VERSION}: ${runs.length} runs (${GATE_CASES.length} cases × seeds 1..${seeds}${cap}), ${rechecked} re-run for determinism: ${failed.length} failed (${totalSeconds.toFixed(1)} s)`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}
