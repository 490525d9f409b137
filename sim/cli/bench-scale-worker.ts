// A scale bench run on a thread of its own (sim/cli/bench-parts.ts scaleRunIsolated): its heap
// limit is the thread's, so running out of memory ends this thread and the bench reports it.
import { parentPort, workerData } from 'node:worker_threads';
import { type ScaleShape, scaleRun } from './bench-parts.ts';

parentPort!.postMessage(scaleRun(workerData as ScaleShape));
