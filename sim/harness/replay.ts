// Replay files: everything needed to run a seed again, bit for bit — the scenario, its
// options, its fault plan and client workload as data, any extra faults, and what the run
// showed (the first violation and the trace hash). Validated with zod on load: a bad or newer
// file is one clear error. Version 2 made the plan and workload explicit; a version-1 file
// (extra faults only) still loads, except one of the faults scenario, whose workload was not
// data then and cannot be rebuilt. Version 3 added `generator`, the version of the seeded
// generators of the zksim that wrote it (sim/faults/generator-version.ts): under another one
// the seed draws another plan and workload, but the file's own (data) replay the same; a
// version-2 file loads with generator null (unknown).
import { z } from 'zod';
import { FaultPlan } from '../faults/plan.ts';
import { Workload } from '../faults/workload.ts';
import { GENERATOR_VERSION } from '../faults/generator-version.ts';
import { BUG_IDS } from '../../protocol/bugs.ts';
import { parseJsonWith, versionCheck } from '../engine/json-input.ts';
import type { RunOptions, RunResult, ScenarioData } from './runner.ts';
import type { Scenario } from './scenario.ts';

export const REPLAY_FORMAT = 'zksim-replay';
export const REPLAY_VERSION = 3;

const Options = z.strictObject({
  servers: z.number().int().min(2).max(99).optional(),
  observers: z.number().int().min(0).max(99).optional(),
  order: z.array(z.number().int().min(1)).optional(),
  gapMs: z.number().min(0).optional(),
  untilMs: z.number().positive().optional(),
  swarm: z.boolean().optional(),
});

const Expect = z.strictObject({
  checker: z.string().nullable(),
  message: z.string().nullable(),
  traceHash: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'),
});

export const ReplayFile = z.strictObject({
  format: z.literal(REPLAY_FORMAT),
  version: z.literal(REPLAY_VERSION),
  /** The seeded generators' version (GENERATOR_VERSION) of the zksim that wrote it; null: unknown (version 2). */
  generator: z.number().int().min(1).nullable(),
  seed: z.number().int().min(0),
  scenario: z.string().min(1),
  options: Options,
  bugs: z.array(z.enum(BUG_IDS)),
  /** The scenario's own fault plan (replacing the one generated from the seed); null: generated. */
  plan: FaultPlan.nullable(),
  /** Faults on top of the scenario's own (run --faults). */
  extraFaults: FaultPlan.nullable(),
  /** The scenario's client workload; null: generated from the seed (or the scenario has none). */
  workload: Workload.nullable(),
  expect: Expect,
});
export type ReplayFile = z.infer<typeof ReplayFile>;

/** Version 2: as 3, without the generator version. */
const ReplayFileV2 = ReplayFile.omit({ generator: true }).extend({ version: z.literal(2) });

/** Version 1: `plan` was the extra faults; there was no workload data. */
const ReplayFileV1 = z.strictObject({
  format: z.literal(REPLAY_FORMAT),
  version: z.literal(1),
  seed: z.number().int().min(0),
  scenario: z.string().min(1),
  options: Options,
  bugs: z.array(z.enum(BUG_IDS)),
  plan: FaultPlan.nullable(),
  workload: z.null(),
  expect: Expect,
});

export class ReplayFileError extends Error {}

export function replayOf(opts: RunOptions, result: RunResult, data: ScenarioData = {}): ReplayFile {
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
    generator: GENERATOR_VERSION,
    seed: result.seed,
    scenario: result.scenario,
    options,
    bugs: [...(opts.bugs ?? [])],
    plan: data.plan ?? opts.plan ?? null,
    extraFaults: opts.faults ?? null,
    workload: data.workload ?? opts.workload ?? null,
    expect: { checker: v?.checker ?? null, message: v?.message ?? null, traceHash: result.traceHash },
  };
}

export function parseReplay(text: string): ReplayFile {
  const fail = (m: string) => new ReplayFileError(m);
  let version: unknown;
  try {
    version = (JSON.parse(text) as { version?: unknown } | null)?.version;
  } catch {
    // parseJsonWith names the JSON error
  }
  if (version === 1) {
    const r = parseJsonWith(text, ReplayFileV1, 'replay file', fail);
    if (r.scenario === 'faults')
      throw fail(
        `replay file version 1 of the faults scenario: its client workload was not data then and cannot be rebuilt; run the seed again (zksim run faults --seed ${r.seed} --save-replay F)`,
      );
    return { ...r, version: REPLAY_VERSION, generator: null, plan: null, extraFaults: r.plan, workload: null };
  }
  if (version === 2)
    return { ...parseJsonWith(text, ReplayFileV2, 'replay file', fail), version: REPLAY_VERSION, generator: null };
  return parseJsonWith(text, ReplayFile, 'replay file', fail, versionCheck('replay file', REPLAY_VERSION, fail));
}

/** The run options a replay file stands for, with its scenario (named by `r.scenario`) resolved by the caller. */
export function runOptionsOf(r: ReplayFile, scenario: Scenario): RunOptions {
  const o: RunOptions = { scenario, seed: r.seed };
  if (r.options.servers !== undefined) o.servers = r.options.servers;
  if (r.options.observers !== undefined) o.observers = r.options.observers;
  if (r.options.order !== undefined) o.order = r.options.order;
  if (r.options.gapMs !== undefined) o.gapMs = r.options.gapMs;
  if (r.options.untilMs !== undefined) o.untilMs = r.options.untilMs;
  if (r.options.swarm) o.swarm = true;
  if (r.plan) o.plan = r.plan;
  if (r.workload) o.workload = r.workload;
  if (r.extraFaults) o.faults = r.extraFaults;
  if (r.bugs.length > 0) o.bugs = r.bugs;
  return o;
}

/**
 * A replay file as text: pretty at the top, one line per fault, per client op and per other
 * array element that is an object, so a workload of a thousand ops stays readable and diffable.
 */
export function formatReplay(r: ReplayFile): string {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  /** An object that holds a list of objects and is not itself an op (a workload client): laid out, not one line. */
  const container = (v: Record<string, unknown>) =>
    !('op' in v) && Object.values(v).some((x) => Array.isArray(x) && x.some(isObject));
  const fmt = (v: unknown, indent: string): string => {
    if (Array.isArray(v)) {
      if (v.length === 0 || !v.some(isObject)) return JSON.stringify(v);
      return `[\n${v.map((e) => `${indent}  ${isObject(e) && container(e) ? fmt(e, `${indent}  `) : JSON.stringify(e)}`).join(',\n')}\n${indent}]`;
    }
    if (isObject(v)) {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, x]) => `${indent}  ${JSON.stringify(k)}: ${fmt(x, `${indent}  `)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return `${fmt(r, '')}\n`;
}

/**
 * What a replay file's generator version means here, for people: nothing to say when it is this
 * zksim's; else that its plan and workload replay as data while the seed would draw others.
 */
export function generatorNote(r: ReplayFile): string | undefined {
  if (r.generator === GENERATOR_VERSION) return undefined;
  const was =
    r.generator === null
      ? 'an unknown generator (a file from before versions were recorded)'
      : `generator v${r.generator}`;
  return `written with ${was}; this zksim's is v${GENERATOR_VERSION}: the file's plan and workload replay as data, but run --seed ${r.seed} would draw others`;
}
