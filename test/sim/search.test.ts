// The searches of a seed sweep (sim/harness/search/): the guided search's inputs are a function of
// the seed list and the results alone (however many seeds run at once), its corpus grows with
// runs that reach new abstract states, its mutants are valid plans that replay exactly, and
// every fault a mutation adds undoes itself or is timed before the plan's heal.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/engine/random.ts';
import { FaultPlan, checkServers } from '../../sim/faults/plan.ts';
import { Workload } from '../../sim/faults/workload.ts';
import { fuzz, runSeed } from '../../sim/harness/fuzz.ts';
import type { StepPoint } from '../../sim/harness/search/coverage.ts';
import { GUIDED_WINDOW, GuidedSearch } from '../../sim/harness/search/guided.ts';
import { healOf, mutate } from '../../sim/harness/search/mutate.ts';
import type { SeedInput, SeedOutcome } from '../../sim/harness/search/search.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import { zksim } from '../support/zksim.ts';

const faults = scenarioNamed('faults');
const servers = [1, 2, 3];

/** One real run's data and coverage: the raw material of synthetic outcomes. */
const base = runSeed(faults, { servers: 3 }, 3, false, { runSeed: 3, swarm: true }, { cover: true, data: true });

/** A made-up outcome of an input: features and steps picked by a hash of the input, so different inputs reach different states. */
function fakeOutcome(seed: number, input: SeedInput): SeedOutcome {
  let h = 0;
  for (const ch of JSON.stringify(input)) h = (h * 31 + ch.charCodeAt(0)) | 0;
  const pick = (xs: readonly string[]) => xs.filter((_, i) => ((h >> (i % 16)) & 1) === 1 || i % 7 === seed % 7);
  return {
    seed,
    ok: true,
    cover: { features: pick(base.cover!.features), steps: base.cover!.steps.filter((_, i) => (h + i) % 3 !== 0) },
    plan: input.plan ?? base.data!.plan,
    workload: input.workload ?? base.data!.workload,
  };
}

describe('guided search', () => {
  it('draws the same inputs whether seeds run one at a time or WINDOW at once (results recorded in seed order)', () => {
    const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
    const sequential: SeedInput[] = [];
    const a = new GuidedSearch(seeds, servers);
    for (let i = 0; i < seeds.length; i++) {
      const input = a.input(i)!;
      expect(input).toBeDefined();
      sequential.push(input);
      a.record(i, fakeOutcome(seeds[i]!, input));
    }
    // as a pool does: hand out every input that can be drawn, record the oldest result, repeat
    const parallel: SeedInput[] = [];
    const b = new GuidedSearch(seeds, servers);
    let next = 0;
    for (let i = 0; i < seeds.length; i++) {
      while (next < seeds.length && b.input(next)) parallel.push(b.input(next++)!);
      expect(next - i).toBeLessThanOrEqual(GUIDED_WINDOW + 1);
      b.record(i, fakeOutcome(seeds[i]!, parallel[i]!));
    }
    expect(parallel).toEqual(sequential);
    expect(sequential.filter((x) => x.origin?.startsWith('mutant of seed')).length).toBeGreaterThan(10);
    expect(b.coverage()).toEqual(a.coverage());
  });

  it("on a small range of real runs: the corpus grows, coverage never shrinks, and mutants run their parent's world seed mostly", () => {
    const seeds = Array.from({ length: 8 }, (_, i) => i + 1);
    const search = new GuidedSearch(seeds, servers);
    const inputs: SeedInput[] = [];
    fuzz(faults, seeds, { servers: 3 }, (r) => inputs.push(r.input!), undefined, undefined, search);
    const { curve } = search.coverage();
    expect(curve).toHaveLength(8);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]!);
    expect(curve[7]).toBeGreaterThan(curve[0]!);
    expect(search.corpus.length).toBeGreaterThanOrEqual(3);
    // the first WINDOW + 1 seeds draw their own (swarm) plans; later ones mostly mutants
    expect(inputs.slice(0, GUIDED_WINDOW + 1).every((x) => x.swarm === true && x.plan === undefined)).toBe(true);
    const mutants = inputs.filter((x) => x.plan !== undefined);
    expect(mutants.length).toBeGreaterThan(0);
    for (const m of mutants) expect(m.origin).toMatch(/^mutant of seed \d+: /);
  }, 120_000);

  it("a mutant is a valid plan for the ensemble, survives a replay file's round trip, keeps the heal tail, and adds only faults that undo themselves or come before the heal", () => {
    const plan = base.data!.plan!;
    const workload = base.data!.workload!;
    const heal = healOf(plan);
    const tail = plan.faults.filter((f) => f.at !== undefined && f.at >= heal);
    const steps: StepPoint[] = base.cover!.steps;
    const key = (f: unknown) => JSON.stringify(f);
    for (let k = 0; k < 300; k++) {
      const rng = new RandomStreams(k).stream('test');
      const m = mutate(
        { rng, servers, plan, workload, steps, other: () => plan },
        k % 2 === 0 ? steps[k % steps.length] : undefined,
      );
      const parsed = FaultPlan.parse(JSON.parse(JSON.stringify(m.plan)));
      expect(parsed).toEqual(m.plan);
      checkServers(parsed, servers);
      if (m.workload) expect(Workload.parse(JSON.parse(JSON.stringify(m.workload)))).toEqual(m.workload);
      const keys = new Set(m.plan.faults.map(key));
      for (const f of tail) expect(keys.has(key(f)), `${m.what.join('; ')} lost ${key(f)}`).toBe(true);
      const before = new Map<string, number>();
      for (const f of plan.faults) before.set(key(f), (before.get(key(f)) ?? 0) + 1);
      for (const f of m.plan.faults) {
        const n = before.get(key(f)) ?? 0;
        if (n > 0) {
          before.set(key(f), n - 1);
          continue;
        }
        // a new or changed fault
        const undoes = typeof (f as { forMs?: unknown }).forMs === 'number';
        const timed = f.at !== undefined && f.at < heal;
        expect(
          undoes || timed || f.type === 'heal' || f.type === 'start' || f.type === 'restart' || f.type === 'resume',
          `${m.what.join('; ')}: ${key(f)}`,
        ).toBe(true);
      }
      expect(m.what.length).toBeGreaterThan(0);
    }
  });
});

describe('zksim fuzz --search', () => {
  const args = ['fuzz', 'faults', '--servers', '3', '--seeds', '1..8', '--bug', 'ZK-1154', '--json'];

  it('guided is the default; the same range gives the same failures, coverage and corpus on 1 and 2 workers', async () => {
    const one = await zksim(...args, '--workers', '1');
    const two = await zksim(...args, '--workers', '2');
    expect(one.code).toBe(1);
    const a = JSON.parse(one.out);
    const b = JSON.parse(two.out);
    expect(a.search).toBe('guided');
    // (without --out a failing mutant's replay goes to a fresh temporary directory each time)
    const core = (fs: { replay?: string }[]) => fs.map(({ replay: _r, ...f }) => f);
    expect(core(b.failures)).toEqual(core(a.failures));
    expect(b.coverage).toEqual(a.coverage);
    expect(b.corpus).toBe(a.corpus);
    expect(a.failures.length).toBeGreaterThan(0);
  }, 180_000);

  it("a guided mutant's failure writes a replay file that zksim replay reruns exactly", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zksim-guided-')), 'out');
    // seed 12 of this range is a failing mutant (seeds 1..8 fail only on their own plans)
    const r = await zksim(...args.slice(0, 5), '1..14', ...args.slice(6), '--workers', '1', '--out', dir);
    const failures = JSON.parse(r.out).failures as {
      seed: number;
      origin?: string;
      runSeed?: number;
      replay: string;
    }[];
    const mutants = failures.filter((f) => f.origin);
    expect(mutants.length).toBeGreaterThan(0);
    for (const f of mutants.slice(0, 2)) {
      const replay = JSON.parse(readFileSync(f.replay, 'utf8'));
      expect(replay.plan).not.toBeNull();
      expect(replay.seed).toBe(f.runSeed ?? f.seed);
      const again = JSON.parse((await zksim('replay', f.replay, '--json')).out);
      expect(again.reproduced).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'fuzz-summary.json'), 'utf8'));
    expect(summary.search).toBe('guided');
    expect(summary.version).toBe(4);
  }, 180_000);

  it("--swarm is --search swarm; random and swarm run each seed's own plan; a bad --search is one line, exit 2", async () => {
    const swarm = JSON.parse((await zksim(...args.slice(0, 5), '1..2', '--swarm', '--json', '--workers', '1')).out);
    const swarm2 = JSON.parse(
      (await zksim(...args.slice(0, 5), '1..2', '--search', 'swarm', '--json', '--workers', '1')).out,
    );
    expect(swarm.search).toBe('swarm');
    expect(swarm2.coverage).toEqual(swarm.coverage);
    const bad = await zksim('fuzz', 'faults', '--seeds', '1..2', '--search', 'smart');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^zksim: --search: /);
    expect(bad.err.split('\n')).toHaveLength(1);
    const both = await zksim('fuzz', 'faults', '--seeds', '1..2', '--swarm', '--search', 'guided');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--swarm is --search swarm/);
    const noData = await zksim('fuzz', 'first-start', '--seeds', '1..2', '--search', 'guided');
    expect(noData.code).toBe(2);
    expect(noData.err).toMatch(/no fault plan as data/);
  }, 120_000);
});
