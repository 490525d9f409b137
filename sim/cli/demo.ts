// zksim demo: the docs' election walkthroughs, run for real and told from their traces.
import { electionStory } from '../../reports/election-story.ts';
import type { SeedlessOptions } from '../harness/scenario.ts';
import { runScenario } from '../harness/runner.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { parseArgs, seedFlag } from './args.ts';
import type { Command } from './command.ts';
import { describeRun } from './run.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

const runs: { title: string; scenario: string; opts: SeedlessOptions }[] = [
  { title: 'First start, five servers started one by one (docs 3.1)', scenario: 'first-start', opts: { servers: 5 } },
  {
    title: "First start, the three-server pseudo-cluster (seed 000's zoo1..3.cfg)",
    scenario: 'first-start',
    opts: { servers: 3 },
  },
  { title: 'Not the first start: leader 3 and server 5 fail (docs 3.2)', scenario: 'restart', opts: {} },
];

const flags = { seed: seedFlag };

export const demoCmd: Command = {
  name: 'demo',
  synopsis: '[--seed S]',
  summary: "the docs' election walkthroughs (first start of 5 and of 3 servers, the restart), run and explained",
  flags,
  run: (argv, out) => demoCommand(argv, out),
};

export function demoCommand(argv: string[], out: (s: string) => void): number {
  const { flags: f } = parseArgs(argv, flags);
  const seed = (f.seed as number | undefined) ?? 1;
  let code = 0;
  for (const r of runs) {
    const events: TraceEvent[] = [];
    const scenario = scenarioNamed(r.scenario);
    const { result } = runScenario({
      scenario,
      seed,
      ...r.opts,
      onEvent: (ev) => events.push(ev),
    });
    out(`== ${r.title}`);
    for (const line of electionStory(events)) out(`  ${line}`);
    for (const line of describeRun(result, scenario, r.opts)) out(line);
    if (result.expect) out(`  expected: ${result.expect}`);
    out('');
    if (!result.ok) code = 1;
  }
  out(`Replay any of these: npx zksim run first-start --servers 5 --seed ${seed} --trace run.jsonl`);
  out(`Step by step, in English or Chinese: npx zksim walkthrough first-start --seed ${seed} --lang zh`);
  return code;
}
