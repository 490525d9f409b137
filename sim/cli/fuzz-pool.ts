// Runs a fuzz sweep on N worker threads. Results come back in any order; they are handed to
// onRun in seed order, so the output of a parallel sweep is the output of the sequential one.
// Seeds are handed out in order, one at a time per worker; once `stop()` says so no more are
// handed out, and the sweep ends when those in flight are done (a prefix of the seed list).
// With maxFailures N it ends at the N-th failing seed in seed order: results of later seeds
// already in flight are dropped, so the summary is the sequential sweep's, however many workers.
import { Worker } from 'node:worker_threads';
import type { SeedlessOptions } from '../harness/scenario.ts';
import { type FuzzSummary, RECHECK_EVERY, type SeedResult, summarize } from '../harness/fuzz.ts';

const entry = new URL('./fuzz-worker.mjs', import.meta.url);

export async function fuzzOnWorkers(
  scenario: string,
  seeds: number[],
  opts: SeedlessOptions,
  workers: number,
  onRun?: (r: SeedResult) => void,
  stop: () => boolean = () => false,
  maxFailures = Number.POSITIVE_INFINITY,
): Promise<FuzzSummary> {
  const summary = summarize(scenario, maxFailures);
  let full = false; // the N-th failure was handed to onRun: nothing more is handed out or counted
  const done = new Map<number, SeedResult>();
  let next = 0; // index of the next seed to hand out
  let emitted = 0; // index of the next seed to hand to onRun
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (full) return resolve();
        if (next < seeds.length && !stop()) {
          w.postMessage({ seed: seeds[next], twice: next % RECHECK_EVERY === 0 });
          next++;
        }
        if (emitted === next && (next === seeds.length || stop())) resolve();
      };
      for (let i = 0; i < Math.max(1, Math.min(workers, seeds.length)); i++) {
        const w = new Worker(entry, { workerData: { scenario, opts } });
        pool.push(w);
        w.on('message', (r: SeedResult) => {
          done.set(r.seed, r);
          while (!full && emitted < next && done.has(seeds[emitted]!)) {
            const result = done.get(seeds[emitted]!)!;
            done.delete(seeds[emitted]!);
            emitted++;
            summary.add(result);
            onRun?.(result);
            full = summary.full();
          }
          feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (!full && emitted < next) reject(new Error(`fuzz worker exited (code ${code}) before the sweep finished`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return summary.result;
}
