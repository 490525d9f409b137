// A fuzz worker thread: runs each seed the parent sends and posts back the run's result.
// Every run is a fresh world from its seed, so which thread runs a seed cannot change it.
import { parentPort, workerData } from 'node:worker_threads';
import type { SeedlessOptions } from '../harness/scenario.ts';
import { runSeed } from '../harness/fuzz.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

const { scenario, opts } = workerData as { scenario: string; opts: SeedlessOptions };
const scen = scenarioNamed(scenario);
parentPort!.on('message', ({ seed, twice }: { seed: number; twice: boolean }) => {
  parentPort!.postMessage(runSeed(scen, opts, seed, twice));
});
