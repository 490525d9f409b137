// Runs fuzz sweeps on N worker threads. Results come back in any order; they are handed to
// onRun in seed order, so the output of a parallel sweep is the output of the sequential one.
// Seeds are handed out in order, one at a time per worker; once `stop()` says so no more are
// handed out, and the sweep ends when those in flight are done (a prefix of the seed list).
// With maxFailures N it ends at the N-th failing seed in seed order: results of later seeds
// already in flight are dropped, so the summary is the sequential sweep's, however many workers.
// With a search, a seed is handed out once the search can draw its input (the guided search
// draws seed i from the results before i − its window): a worker with nothing to run waits for
// the next result in seed order, which the search is told before anything else is handed out.
// A pool outlives its sweeps (zksim bench runs many on one): a worker still busy with a seed of
// a sweep that ended drops that result and joins the next sweep when it is done.
import { Worker } from 'node:worker_threads';
import type { SeedlessOptions } from '../harness/scenario.ts';
import { type FuzzSummary, RECHECK_EVERY, type SeedResult, outcomeOf, summarize, wantsOf } from '../harness/fuzz.ts';
import type { SeedInput, SeedSearch } from '../harness/search/search.ts';

const entry = new URL('./fuzz-worker.mjs', import.meta.url);

interface Sweep {
  id: number;
  feed(w: Worker): void;
  onResult(w: Worker, r: SeedResult): void;
  fail(e: Error): void;
}

export class FuzzPool {
  private readonly workers: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private current: Sweep | undefined;
  private ids = 0;
  private closing = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(entry);
      this.workers.push(w);
      w.on('message', (m: { sweep: number; result: SeedResult }) => {
        this.busy.delete(w);
        const c = this.current;
        if (!c) return;
        if (m.sweep === c.id) c.onResult(w, m.result);
        else c.feed(w); // a seed of a sweep that ended: dropped
      });
      w.on('error', (e) => this.current?.fail(e));
      w.on('exit', (code) => {
        if (!this.closing) this.current?.fail(new Error(`fuzz worker exited (code ${code}) before the sweep finished`));
      });
    }
  }

  sweep(
    scenario: string,
    seeds: number[],
    opts: SeedlessOptions,
    onRun?: (r: SeedResult) => void,
    stop: () => boolean = () => false,
    maxFailures = Number.POSITIVE_INFINITY,
    search?: SeedSearch,
  ): Promise<FuzzSummary> {
    const summary = summarize(scenario, maxFailures);
    const wants = wantsOf(search);
    const id = ++this.ids;
    let full = false; // the N-th failure was handed to onRun: nothing more is handed out or counted
    const done = new Map<number, SeedResult>();
    const inputs = new Map<number, SeedInput>();
    const idle: Worker[] = [];
    let next = 0; // index of the next seed to hand out
    let emitted = 0; // index of the next seed to hand to onRun
    return new Promise<FuzzSummary>((resolve, reject) => {
      const finish = () => {
        if (this.current?.id === id) this.current = undefined;
        resolve(summary.result);
      };
      const feed = (w: Worker) => {
        if (full) return finish();
        if (next < seeds.length && !stop()) {
          const input = search?.input(next);
          if (search && !input) {
            idle.push(w); // its input waits for an earlier result
          } else {
            if (input) inputs.set(seeds[next]!, input);
            this.busy.add(w);
            w.postMessage({
              sweep: id,
              scenario,
              opts,
              seed: seeds[next],
              twice: next % RECHECK_EVERY === 0,
              input,
              wants,
            });
            next++;
          }
        }
        if (emitted === next && (next === seeds.length || stop())) finish();
      };
      const onResult = (w: Worker, r: SeedResult) => {
        done.set(r.seed, r);
        while (!full && emitted < next && done.has(seeds[emitted]!)) {
          const result = done.get(seeds[emitted]!)!;
          done.delete(seeds[emitted]!);
          const input = inputs.get(result.seed);
          inputs.delete(result.seed);
          if (input) result.input = input;
          summary.add(result);
          search?.record(emitted, outcomeOf(result));
          emitted++;
          onRun?.(result);
          full = summary.full();
        }
        feed(w);
        for (const v of idle.splice(0)) feed(v);
      };
      this.current = { id, feed, onResult, fail: reject };
      if (seeds.length === 0) return finish();
      // Workers still busy with an ended sweep's seed join when they are done (the message handler feeds them).
      for (const w of this.workers) if (!this.busy.has(w) && this.current?.id === id) feed(w);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** One sweep on a pool of its own. */
export async function fuzzOnWorkers(
  scenario: string,
  seeds: number[],
  opts: SeedlessOptions,
  workers: number,
  onRun?: (r: SeedResult) => void,
  stop: () => boolean = () => false,
  maxFailures = Number.POSITIVE_INFINITY,
  search?: SeedSearch,
): Promise<FuzzSummary> {
  const pool = new FuzzPool(Math.max(1, Math.min(workers, seeds.length)));
  try {
    return await pool.sweep(scenario, seeds, opts, onRun, stop, maxFailures, search);
  } finally {
    await pool.close();
  }
}
