// Replay files: everything needed to run a seed again, bit for bit — the scenario, its
// options, the extra fault plan, and what the run showed (the first violation and the trace
// hash). Validated with zod on load: a bad or newer file is one clear error.
import { z } from 'zod';
import { FaultPlan } from './faults.ts';
import { BUG_IDS } from '../protocol/bugs.ts';
import { parseJsonWith, versionCheck } from './json-input.ts';
import type { RunOptions, RunResult } from './runner.ts';

export const REPLAY_FORMAT = 'zksim-replay';
export const REPLAY_VERSION = 1;

const Options = z.strictObject({
  servers: z.number().int().min(2).max(99).optional(),
  observers: z.number().int().min(0).max(99).optional(),
  order: z.array(z.number().int().min(1)).optional(),
  gapMs: z.number().min(0).optional(),
  untilMs: z.number().positive().optional(),
  swarm: z.boolean().optional(),
});

export const ReplayFile = z.strictObject({
  format: z.literal(REPLAY_FORMAT),
  version: z.number().int(),
  seed: z.number().int().min(0),
  scenario: z.string().min(1),
  options: Options,
  bugs: z.array(z.enum(BUG_IDS)),
  plan: FaultPlan.nullable(),
  workload: z.null(),
  expect: z.strictObject({
    checker: z.string().nullable(),
    message: z.string().nullable(),
    traceHash: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'),
  }),
});
export type ReplayFile = z.infer<typeof ReplayFile>;

export class ReplayFileError extends Error {}

export function replayOf(opts: RunOptions, result: RunResult): ReplayFile {
  const options: ReplayFile['options'] = {};
  if (opts.servers !== undefined) options.servers = opts.servers;
  if (opts.observers !== undefined) options.observers = opts.observers;
  if (opts.order !== undefined) options.order = opts.order;
  if (opts.gapMs !== undefined) options.gapMs = opts.gapMs;
  if (opts.untilMs !== undefined) options.untilMs = opts.untilMs;
  if (opts.swarm) options.swarm = true;
  const v = result.violations[0];
  return {
    format: REPLAY_FORMAT,
    version: REPLAY_VERSION,
    seed: result.seed,
    scenario: result.scenario,
    options,
    bugs: [...(opts.bugs ?? [])],
    plan: opts.faults ?? null,
    workload: null,
    expect: { checker: v?.checker ?? null, message: v?.message ?? null, traceHash: result.traceHash },
  };
}

export function parseReplay(text: string): ReplayFile {
  const fail = (m: string) => new ReplayFileError(m);
  const r = parseJsonWith(text, ReplayFile, 'replay file', fail, versionCheck('replay file', REPLAY_VERSION, fail));
  if (r.version !== REPLAY_VERSION) throw new ReplayFileError(`replay file version ${r.version} is not one this zksim reads (${REPLAY_VERSION})`);
  return r;
}

/** The run options a replay file stands for. */
export function runOptionsOf(r: ReplayFile): RunOptions {
  const o: RunOptions = { scenario: r.scenario, seed: r.seed };
  if (r.options.servers !== undefined) o.servers = r.options.servers;
  if (r.options.observers !== undefined) o.observers = r.options.observers;
  if (r.options.order !== undefined) o.order = r.options.order;
  if (r.options.gapMs !== undefined) o.gapMs = r.options.gapMs;
  if (r.options.untilMs !== undefined) o.untilMs = r.options.untilMs;
  if (r.options.swarm) o.swarm = true;
  if (r.plan) o.faults = r.plan;
  if (r.bugs.length > 0) o.bugs = r.bugs;
  return o;
}
