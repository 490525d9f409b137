// A fuzz worker thread: runs each seed the parent sends (its sweep's scenario and options, the
// input its search drew, what the search wants back) and posts back the run's result. Every run
// is a fresh world from its seed and input, so which thread runs a seed cannot change it.
import { parentPort } from 'node:worker_threads';
import type { Scenario, SeedlessOptions } from '../harness/scenario.ts';
import { type SeedWants, runSeed } from '../harness/fuzz.ts';
import type { SeedInput } from '../harness/search/search.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

interface Task {
  sweep: number;
  scenario: string;
  opts: SeedlessOptions;
  seed: number;
  twice: boolean;
  input?: SeedInput;
  wants?: SeedWants;
}

const known = new Map<string, Scenario>();
parentPort!.on('message', (t: Task) => {
  let scen = known.get(t.scenario);
  if (!scen) known.set(t.scenario, (scen = scenarioNamed(t.scenario)));
  parentPort!.postMessage({ sweep: t.sweep, result: runSeed(scen, t.opts, t.seed, t.twice, t.input, t.wants) });
});
