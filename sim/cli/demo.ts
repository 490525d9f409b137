// zksim demo: the docs' election walkthroughs, run for real and told from their traces by the
// walkthrough code (reports/walkthrough/: the steps of each run, in the English phrasebook),
// keeping the steps that tell who leads and why (storySteps); zksim walkthrough shows them all.
import { en } from '../../reports/walkthrough/en.ts';
import { stepLines } from '../../reports/walkthrough/render.ts';
import { storySteps } from '../../reports/walkthrough/steps.ts';
import type { AnyOptions } from '../harness/scenario.ts';
import { parseArgs, seedFlag, zkFlag } from './args.ts';
import type { Command } from './command.ts';
import { type WalkthroughName, walkthrough } from './walkthrough.ts';

const runs: { title: string; name: WalkthroughName; options: AnyOptions }[] = [
  { title: 'First start, five servers started one by one (docs 3.1)', name: 'first-start', options: { servers: 5 } },
  {
    title: "First start, the three-server pseudo-cluster (seed 000's zoo1..3.cfg)",
    name: 'first-start',
    options: { servers: 3 },
  },
  { title: 'Not the first start: leader 3 and server 5 fail (docs 3.2)', name: 'restart', options: {} },
];

const flags = { seed: seedFlag, zk: zkFlag };

export const demoCmd: Command = {
  name: 'demo',
  synopsis: '[--seed S] [--zk VERSION]',
  summary: "the docs' election walkthroughs (first start of 5 and of 3 servers, the restart), run and explained",
  flags,
  run: (argv, out) => demoCommand(argv, out),
};

export function demoCommand(argv: string[], out: (s: string) => void): number {
  const { flags: f } = parseArgs(argv, flags);
  const seed = (f.seed as number | undefined) ?? 1;
  let code = 0;
  for (const r of runs) {
    const w = walkthrough(r.name, seed, f.zk ? { ...r.options, zk: f.zk } : r.options);
    out(`== ${r.title}`);
    out(en.intro(r.name, w.summary)[0]!);
    out(`The steps that decide it, read from the trace of a real run (zksim walkthrough ${r.name} shows every one):`);
    for (const line of stepLines(en, storySteps(w.steps))) out(line);
    out('Result:');
    for (const line of en.result(w.summary)) out(`  ${line}`);
    if (w.expect) out(`  expected: ${w.expect}`);
    out('');
    if (!w.summary.ok) code = 1;
  }
  out(`Replay any of these: npx zksim run first-start --servers 5 --seed ${seed} --trace run.jsonl`);
  out(`Step by step, in English or Chinese: npx zksim walkthrough first-start --seed ${seed} --lang zh`);
  return code;
}
