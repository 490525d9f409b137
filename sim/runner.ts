// Running a scenario: build the world from the scenario, attach the checkers, run to the
// scenario's end, and summarise the run as CI and people read it.
import { findScenario } from '../scenarios/index.ts';
import type { BuiltScenario, ScenarioOptions } from '../scenarios/scenario.ts';
import type { ScenarioData } from './replay.ts';
import type { Violation } from './checker.ts';
import { type FaultPlan, checkServers } from './faults.ts';
import { schedulePlan } from './fault-triggers.ts';
import { allCheckers } from './checkers/index.ts';
import { type Role, RoleTracker } from './roles.ts';
import type { TraceEvent } from './trace.ts';
import { type StopReason, World } from './world.ts';

export interface RunOptions extends ScenarioOptions {
  scenario: string;
  /** Stream every trace event as a JSONL line. */
  traceSink?: (line: string) => void;
  /** Override the scenario's end time, ms. */
  untilMs?: number;
  /** Observe every event (reports, tests). */
  onEvent?: (ev: TraceEvent) => void;
  /** Faults on top of the scenario's own. */
  faults?: FaultPlan;
  /** Stop once trace event N has happened (replay --until): end-of-run checks are skipped. */
  untilEvent?: number;
}

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
}

export class UnknownScenarioError extends Error {}

export function runScenario(opts: RunOptions): { result: RunResult; world: World; built: BuiltScenario } {
  const scenario = findScenario(opts.scenario);
  if (!scenario) throw new UnknownScenarioError(`unknown scenario '${opts.scenario}'`);
  const world = new World(opts.seed, opts.traceSink ? { traceSink: opts.traceSink } : {});
  const roles = new RoleTracker();
  world.trace.subscribe((ev) => roles.onEvent(ev));
  if (opts.onEvent) world.trace.subscribe(opts.onEvent);
  const built = scenario.build(world, opts, roles);
  if (opts.faults) {
    checkServers(opts.faults, [...built.voters, ...built.observers]);
    schedulePlan(world, opts.faults, roles);
  }
  for (const c of allCheckers({ voters: built.voters, observers: built.observers, tickTime: 2000, initLimit: 10, roles })) world.addChecker(c);
  const untilEvent = opts.untilEvent;
  const stopReason = world.run({ untilMs: opts.untilMs ?? built.untilMs, ...(untilEvent !== undefined ? { stopWhen: (w: World) => w.trace.count > untilEvent } : {}) });
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
  };
  if (built.expect) result.expect = built.expect;
  return { result, world, built };
}

/** The fault plan and workload a run of these options uses, as data, without running it. */
export function scenarioData(opts: RunOptions): ScenarioData {
  const scenario = findScenario(opts.scenario);
  if (!scenario) throw new UnknownScenarioError(`unknown scenario '${opts.scenario}'`);
  const built = scenario.build(new World(opts.seed), opts, new RoleTracker());
  return { plan: built.plan, workload: built.workload, servers: [...built.voters, ...built.observers] };
}
