// Replay files: everything needed to run a seed again, bit for bit — the scenario, its
// options, its fault plan and client workload as data, any extra faults, and what the run
// showed (the first violation and the trace hash). Validated with zod on load: a bad or newer
// file is one clear error. The options are checked by the scenario's own schema (its family's,
// sim/harness/options.ts), so a bad one is named: "replay file options.servers: ...". Version 2
// made the plan and workload explicit; a version-1 file (extra faults only) still loads, except
// one of a scenario with a plan and workload of its own (faults), whose workload was not data
// then and cannot be rebuilt. Version 3 added `generator`, the version of the seeded generators
// of the zksim that wrote it (sim/faults/generator-version.ts): under another one the seed draws
// another plan and workload, but the file's own (data) replay the same; a version-2 file loads
// with generator null (unknown). `options.zk` is the ZooKeeper release the run simulated
// (sim/harness/releases.ts), always written; a file without it (written before release
// profiles) replays as the default release, which is what zksim then simulated. A file of
// generator v2 or before (or unknown) reads its partitions as `reset` faults, which is what
// its partitions did (sim/faults/retired.ts legacyPartitions).
import { z } from 'zod';
import { FaultPlan } from '../faults/plan.ts';
import { legacyPartitions } from '../faults/retired.ts';
import { Workload } from '../faults/workload.ts';
import { GENERATOR_VERSION } from '../faults/generator-version.ts';
import { BUG_IDS } from '../../protocol/bugs.ts';
import { parseJsonWith, versionCheck } from '../engine/json-input.ts';
import type { RunOptions, RunResult, ScenarioData } from './runner.ts';
import type { Scenario } from './scenario.ts';
import { givenOptions } from './options.ts';
import { DEFAULT_RELEASE } from './releases.ts';

export const REPLAY_FORMAT = 'zksim-replay';
export const REPLAY_VERSION = 3;

const Expect = z.strictObject({
  checker: z.string().nullable(),
  message: z.string().nullable(),
  traceHash: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'),
});

/** The scenario's name, resolved against the scenarios the caller knows. */
const scenarioName = (known: (name: string) => Scenario | undefined) =>
  z
    .string()
    .min(1)
    .superRefine((name, ctx) => {
      if (!known(name)) ctx.addIssue({ code: 'custom', message: `unknown scenario '${name}'` });
    });

/** A replay file's schema; `options` by the named scenario's own schema (any object while the name is unknown). */
function replaySchema(scenario: Scenario | undefined, known: (name: string) => Scenario | undefined) {
  return z.strictObject({
    format: z.literal(REPLAY_FORMAT),
    version: z.literal(REPLAY_VERSION),
    /** The seeded generators' version (GENERATOR_VERSION) of the zksim that wrote it; null: unknown (version 2). */
    generator: z.number().int().min(1).nullable(),
    seed: z.number().int().min(0),
    scenario: scenarioName(known),
    options: scenario ? scenario.options.schema : z.record(z.string(), z.unknown()),
    bugs: z.array(z.enum(BUG_IDS)),
    /** The scenario's own fault plan (replacing the one generated from the seed); null: generated. */
    plan: ownData(FaultPlan, scenario, 'fault plan'),
    /** Faults on top of the scenario's own (run --faults). */
    extraFaults: FaultPlan.nullable(),
    /** The scenario's client workload; null: generated from the seed (or the scenario has none). */
    workload: ownData(Workload, scenario, 'client workload'),
    expect: Expect,
  });
}

/** A plan or workload of the scenario's own: only a scenario whose options say `data` has one. */
function ownData<S extends z.ZodType>(schema: S, scenario: Scenario | undefined, what: string) {
  return schema
    .nullable()
    .refine(
      (v) => v === null || scenario === undefined || scenario.options.data,
      `scenario ${scenario?.name} has no ${what} of its own (faults on top of its run go in extraFaults)`,
    );
}

export interface ReplayFile {
  format: typeof REPLAY_FORMAT;
  version: typeof REPLAY_VERSION;
  generator: number | null;
  seed: number;
  scenario: string;
  /** The scenario's options, as its schema checked them. */
  options: Record<string, unknown>;
  bugs: (typeof BUG_IDS)[number][];
  plan: FaultPlan | null;
  extraFaults: FaultPlan | null;
  workload: Workload | null;
  expect: z.infer<typeof Expect>;
}

/** Version 2: as 3, without the generator version. */
function replaySchemaV2(scenario: Scenario | undefined, known: (name: string) => Scenario | undefined) {
  return replaySchema(scenario, known)
    .omit({ generator: true })
    .extend({ version: z.literal(2) });
}

/** Version 1: `plan` was the extra faults; there was no workload data. */
function replaySchemaV1(scenario: Scenario | undefined, known: (name: string) => Scenario | undefined) {
  return z.strictObject({
    format: z.literal(REPLAY_FORMAT),
    version: z.literal(1),
    seed: z.number().int().min(0),
    scenario: scenarioName(known),
    options: scenario ? scenario.options.schema : z.record(z.string(), z.unknown()),
    bugs: z.array(z.enum(BUG_IDS)),
    plan: FaultPlan.nullable(),
    workload: z.null(),
    expect: Expect,
  });
}

export class ReplayFileError extends Error {}

export function replayOf(opts: RunOptions, result: RunResult, data: ScenarioData = {}): ReplayFile {
  const v = result.violations[0];
  return {
    format: REPLAY_FORMAT,
    version: REPLAY_VERSION,
    generator: GENERATOR_VERSION,
    seed: result.seed,
    scenario: result.scenario,
    // The release is always written (the default's name when the run named none), so the file
    // replays the same release under a later zksim whose default is newer.
    options: { ...givenOptions(opts.scenario.options, opts), zk: (opts as { zk?: string }).zk ?? DEFAULT_RELEASE },
    bugs: [...(opts.bugs ?? [])],
    plan: data.plan ?? opts.plan ?? null,
    extraFaults: opts.faults ?? null,
    workload: data.workload ?? opts.workload ?? null,
    expect: { checker: v?.checker ?? null, message: v?.message ?? null, traceHash: result.traceHash },
  };
}

/** A loaded replay file and the scenario it names (looked up by `known`: the caller's registry). */
export interface LoadedReplay {
  replay: ReplayFile;
  scenario: Scenario;
}

export function parseReplay(text: string, known: (name: string) => Scenario | undefined): LoadedReplay {
  const loaded = parseReplayAsWritten(text, known);
  const r = loaded.replay;
  // Up to generator v2 every partition reset its connections (now the `reset` fault): read the
  // file's faults as what they did then, so it replays what was recorded.
  if (r.generator === null || r.generator < 3) {
    if (r.plan) r.plan = legacyPartitions(r.plan);
    if (r.extraFaults) r.extraFaults = legacyPartitions(r.extraFaults);
  }
  return loaded;
}

function parseReplayAsWritten(text: string, known: (name: string) => Scenario | undefined): LoadedReplay {
  const fail = (m: string) => new ReplayFileError(m);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // parseJsonWith names the JSON error
  }
  const raw = parsed as { version?: unknown; scenario?: unknown } | null | undefined;
  const named = typeof raw?.scenario === 'string' ? known(raw.scenario) : undefined;
  if (raw?.version === 1) {
    const r = parseJsonWith(text, replaySchemaV1(named, known), 'replay file', fail);
    const scenario = named!;
    if (scenario.options.data)
      throw fail(
        `replay file version 1 of the ${r.scenario} scenario: its client workload was not data then and cannot be rebuilt; run the seed again (zksim run ${r.scenario} --seed ${r.seed} --save-replay F)`,
      );
    return {
      replay: { ...r, version: REPLAY_VERSION, generator: null, plan: null, extraFaults: r.plan, workload: null },
      scenario,
    };
  }
  if (raw?.version === 2) {
    const r = parseJsonWith(text, replaySchemaV2(named, known), 'replay file', fail) as Omit<
      ReplayFile,
      'version' | 'generator'
    >;
    return { replay: { ...r, version: REPLAY_VERSION, generator: null }, scenario: named! };
  }
  const replay = parseJsonWith(
    text,
    replaySchema(named, known),
    'replay file',
    fail,
    versionCheck('replay file', REPLAY_VERSION, fail),
  ) as ReplayFile;
  return { replay, scenario: named! };
}

/** The run options a replay file stands for (its options were checked by this scenario's schema). */
export function runOptionsOf(r: ReplayFile, scenario: Scenario): RunOptions {
  const o: RunOptions = { scenario, seed: r.seed, ...r.options };
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
