// Running a scenario: build the world from the scenario, attach the checkers, run to the
// scenario's end, and summarise the run as CI and people read it.
import type { AnyOptions, BuiltScenario, Scenario, ScenarioInput } from './scenario.ts';
import type { Violation } from '../engine/world.ts';
import { type FaultPlan, checkServers } from '../faults/plan.ts';
import type { Workload } from '../faults/workload.ts';
import { schedulePlan } from '../faults/triggers.ts';
import { allCheckers } from '../checkers/index.ts';
import { type Role, RoleTracker } from '../faults/roles.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { type StopReason, World } from '../engine/world.ts';
import { type ReleaseName, runBugs } from './releases.ts';
import { type PathCounts, PathCounterSet } from './paths.ts';

/** How a run goes, besides the scenario's input and options. */
export interface RunSettings {
  /** Stream every trace event as a JSONL line. */
  traceSink?: (line: string) => void;
  /** Checkers left out of the run, by name (bench's checker cost; a run normally has them all). */
  omitCheckers?: readonly string[];
  /** Override the scenario's end time, ms. */
  untilMs?: number;
  /** Observe every event (reports, tests). */
  onEvent?: (ev: TraceEvent) => void;
  /** Faults on top of the scenario's own. */
  faults?: FaultPlan;
  /** Stop once trace event N has happened (replay --until): end-of-run checks are skipped. */
  untilEvent?: number;
}

/** A run: the scenario (handed in by the caller — the CLI's registry, a test —, never looked up here), its input and options. */
export type RunOptions<O extends object = AnyOptions> = { scenario: Scenario<O> } & ScenarioInput & O & RunSettings;

export interface RunResult {
  scenario: string;
  seed: number;
  ok: boolean;
  violations: Violation[];
  traceHash: string;
  events: number;
  simTimeMs: number;
  leader: number | null;
  roles: Record<string, Role>;
  epoch: number | null;
  stopReason: StopReason;
  expect?: string;
  /** Which client-facing paths the run exercised (sim/harness/paths.ts): every counter, 0 when not reached (a served run has none). */
  paths?: PathCounts;
}

/** The scenario's plan and workload as data, when it has them (BuiltScenario). */
export interface ScenarioData {
  plan?: FaultPlan | undefined;
  workload?: Workload | undefined;
  /** The ensemble's server ids (voters, then observers). */
  servers?: number[];
}

/**
 * The run's options with its bugs: those of its release (`zk`, the default's if none), then its
 * --bug ones; `noLeadSnapshot` takes ZK-1549 out (the fix: Leader.lead takes no snapshot). Always
 * a list, so a server built from it has exactly these (none is none, not the default's).
 */
export function withReleaseBugs<T extends ScenarioInput & { zk?: unknown; noLeadSnapshot?: unknown }>(opts: T): T {
  const zk = opts.zk as ReleaseName | undefined;
  let bugs = runBugs(zk, opts.bugs);
  if (opts.noLeadSnapshot === true) bugs = bugs.filter((b) => b !== 'ZK-1549');
  return { ...opts, bugs };
}

export function runScenario<O extends AnyOptions>(
  opts: RunOptions<O>,
): { result: RunResult; world: World; built: BuiltScenario } {
  const scenario = opts.scenario;
  const world = new World(opts.seed, opts.traceSink ? { traceSink: opts.traceSink } : {});
  const retries2 = (opts as { tcpRetries2?: number }).tcpRetries2;
  if (retries2 !== undefined) world.net.tcpRetries2 = retries2;
  const roles = new RoleTracker();
  world.trace.subscribe((ev) => roles.onEvent(ev));
  if (opts.onEvent) world.trace.subscribe(opts.onEvent);
  const paths = new PathCounterSet();
  world.trace.subscribe(paths.onEvent);
  const built = scenario.build(world, withReleaseBugs(opts), roles);
  if (opts.faults) {
    checkServers(opts.faults, [...built.voters, ...built.observers]);
    schedulePlan(world, opts.faults, roles);
  }
  for (const c of allCheckers({
    voters: built.voters,
    observers: built.observers,
    tickTime: 2000,
    initLimit: 10,
    syncLimit: 5,
    roles,
  }))
    if (!opts.omitCheckers?.includes(c.name)) world.addChecker(c);
  for (const c of built.checkers ?? []) if (!opts.omitCheckers?.includes(c.name)) world.addChecker(c);
  const untilEvent = opts.untilEvent;
  const stopReason = world.run({
    untilMs: opts.untilMs ?? built.untilMs,
    ...(untilEvent !== undefined ? { stopWhen: (w: World) => w.trace.count > untilEvent } : {}),
  });
  // A run cut short at an event is not at its end: liveness and other end-of-run checks would misjudge it.
  if (stopReason !== 'condition') world.finish();
  const leaderNode = roles.leader();
  const leaderInfo = leaderNode ? roles.roles.get(leaderNode) : undefined;
  const roleMap: Record<string, Role> = {};
  for (const sid of [...built.voters, ...built.observers]) roleMap[String(sid)] = roles.role(`s${sid}`);
  const result: RunResult = {
    scenario: scenario.name,
    seed: opts.seed,
    ok: world.violations.length === 0,
    violations: world.violations,
    traceHash: world.trace.traceHash,
    events: world.trace.count,
    simTimeMs: world.nowMs,
    leader: leaderNode ? Number(leaderNode.slice(1)) : null,
    roles: roleMap,
    epoch: leaderInfo ? leaderInfo.peerEpoch : null,
    stopReason,
    paths: paths.counts,
  };
  if (built.expect) result.expect = built.expect;
  return { result, world, built };
}

/** The fault plan and workload a run of these options uses, as data, without running it. */
export function scenarioData<O extends AnyOptions>(opts: RunOptions<O>): ScenarioData {
  const built = opts.scenario.build(new World(opts.seed), withReleaseBugs(opts), new RoleTracker());
  return { plan: built.plan, workload: built.workload, servers: [...built.voters, ...built.observers] };
}
