// Runs a fuzz sweep on N worker threads. Results come back in any order; they are handed to
// onRun in seed order, so the output of a parallel sweep is the output of the sequential one.
import { Worker } from 'node:worker_threads';
import type { ScenarioOptions } from '../../scenarios/scenario.ts';
import { type FuzzSummary, summarize } from '../fuzz.ts';
import type { RunResult } from '../runner.ts';

const entry = new URL('./fuzz-worker.mjs', import.meta.url);

export async function fuzzOnWorkers(
  scenario: string,
  seeds: number[],
  opts: Omit<ScenarioOptions, 'seed'>,
  workers: number,
  onRun?: (r: RunResult) => void,
): Promise<FuzzSummary> {
  const summary = summarize(scenario);
  const done = new Map<number, RunResult>();
  let next = 0; // index of the next seed to hand out
  let emitted = 0; // index of the next seed to hand to onRun
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < seeds.length) w.postMessage(seeds[next++]);
      };
      const count = Math.min(workers, seeds.length);
      if (count === 0) return resolve();
      for (let i = 0; i < count; i++) {
        const w = new Worker(entry, { workerData: { scenario, opts } });
        pool.push(w);
        w.on('message', (r: RunResult) => {
          done.set(r.seed, r);
          while (emitted < seeds.length && done.has(seeds[emitted]!)) {
            const result = done.get(seeds[emitted]!)!;
            done.delete(seeds[emitted]!);
            emitted++;
            summary.add(result);
            onRun?.(result);
          }
          if (emitted === seeds.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (emitted < seeds.length) reject(new Error(`fuzz worker exited (code ${code}) before the sweep finished`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return summary.result;
}
