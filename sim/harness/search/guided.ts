// The guided search: coverage-guided fuzzing of fault plans and workloads, as greybox fuzzers
// of distributed systems do (Mallory, CCS'23; model-guided fuzzing, OOPSLA'25). It keeps a
// corpus of the runs that reached a feature of the abstract protocol state no earlier run had
// (sim/harness/search/coverage.ts), and gives most seeds a mutant of a corpus entry
// (sim/harness/search/mutate.ts): mostly a step-triggered fault struck at a trigger point the
// entry's run went through, aimed at abstract states no run has crashed in yet. A mutant keeps
// its parent's world seed (runSeed), so its run is its parent's up to the changed fault: a
// strike lands on the very step it names. Parents are drawn by the rarity of what they found
// (the sum of 1/count over the features they were first to reach) and less after each pick.
//
// Determinism: the input of the i-th seed of the sweep is drawn from the corpus as it stood
// after the first max(0, i − WINDOW) results, taken in seed order, with the seed's own stream
// ('guided' of the seed's RandomStreams). So a sweep is a function of its seed list and of the
// runs' results alone: the same range gives the same plans and the same failures on any number
// of workers (up to WINDOW seeds run at once), and a prefix of a range runs the same seeds.
import { RandomStreams } from '../../engine/random.ts';
import type { Rng } from '../../engine/random.ts';
import type { FaultPlan } from '../../faults/plan.ts';
import type { Workload } from '../../faults/workload.ts';
import type { StepPoint } from './coverage.ts';
import { mutate, stateBias, weighted } from './mutate.ts';
import { CoverageMap, type CoverageCurve, type SeedInput, type SeedOutcome, type SeedSearch } from './search.ts';

/** How many seeds may run at once: seed i is drawn from the results of seeds before i − WINDOW. */
export const GUIDED_WINDOW = 4;
/** A seed's chance of its own fresh plan (swarm-drawn mostly) once the corpus has entries. */
const FRESH = 0.2;
/** A mutant's chance of being a directed strike (the rest: the other mutations of a rarity-drawn parent). */
const DIRECTED = 0.7;
/** How many corpus runs are kept as holders of one step-in-a-state (the first to reach it). */
const HOLDERS = 3;
/** A mutant's chance of its parent's world seed (else the seed's own: same faults, another run around them). */
const KEEP_RUN_SEED = 0.85;
/** The corpus stops growing here (a campaign of tens of thousands of seeds). */
const MAX_CORPUS = 2000;

export interface CorpusEntry {
  /** The sweep's seed that ran it, and its world seed. */
  seed: number;
  runSeed: number;
  plan: FaultPlan;
  workload: Workload | undefined;
  steps: readonly StepPoint[];
  /** The features it was first to reach. */
  found: readonly string[];
  picks: number;
}

export class GuidedSearch implements SeedSearch {
  readonly name = 'guided';
  readonly corpus: CorpusEntry[] = [];
  private readonly map = new CoverageMap();
  private readonly inputs = new Map<number, SeedInput>();
  private recorded = 0;
  /** The corpus's trigger points by abstract state, then by step-in-that-state (`s:` feature): the runs that reached it first, and where. */
  private readonly targets = new Map<string, Map<string, { entry: CorpusEntry; point: StepPoint }[]>>();
  /** How many directed strikes each state, and each step-in-a-state, has had. */
  private readonly struckState = new Map<string, number>();
  private readonly struck = new Map<string, number>();
  /** How many strikes of each action each step-in-a-state has had. */
  private readonly tried = new Map<string, number>();

  constructor(
    private readonly seeds: readonly number[],
    /** The ensemble's server ids (mutations name only these). */
    private readonly servers: number[],
    private readonly window = GUIDED_WINDOW,
  ) {
    for (let i = 0; i <= window && i < seeds.length; i++) this.draw(i);
  }

  input(index: number): SeedInput | undefined {
    return this.inputs.get(index);
  }

  record(index: number, o: SeedOutcome): void {
    if (index !== this.recorded) throw new Error(`guided search: result of seed #${index} before #${this.recorded}`);
    this.recorded++;
    const input = this.inputs.get(index);
    this.inputs.delete(index);
    const before = new Set<string>();
    const features = o.cover?.features ?? [];
    for (const f of features) if (this.map.count(f) === 0) before.add(f);
    this.map.add(features);
    if (before.size > 0 && o.plan && o.cover && this.corpus.length < MAX_CORPUS) {
      const entry: CorpusEntry = {
        seed: this.seeds[index]!,
        runSeed: input?.runSeed ?? this.seeds[index]!,
        plan: o.plan,
        workload: o.workload,
        steps: o.cover.steps,
        found: [...before],
        picks: 0,
      };
      this.corpus.push(entry);
      for (const point of entry.steps) {
        let steps = this.targets.get(point.state);
        if (!steps) this.targets.set(point.state, (steps = new Map()));
        const holders = steps.get(point.feature) ?? [];
        if (holders.length < HOLDERS && !holders.some((h) => h.entry === entry)) holders.push({ entry, point });
        steps.set(point.feature, holders);
      }
    }
    const next = this.recorded + this.window;
    if (next < this.seeds.length) this.draw(next);
  }

  coverage(): CoverageCurve {
    return this.map.summary();
  }

  private draw(index: number): void {
    const seed = this.seeds[index]!;
    const rng = new RandomStreams(seed).stream('guided');
    let input: SeedInput;
    if (this.corpus.length === 0 || index <= this.window || rng.next() < FRESH) {
      input = { runSeed: seed, swarm: index <= this.window || rng.next() < 0.75 };
    } else {
      const target = rng.next() < DIRECTED ? this.pickTarget(rng) : undefined;
      const parent = target?.entry ?? this.pickParent(rng);
      parent.picks++;
      const m = mutate(
        {
          rng,
          servers: this.servers,
          plan: parent.plan,
          workload: parent.workload,
          steps: parent.steps,
          other: () => (this.corpus.length > 1 ? rng.pick(this.corpus).plan : undefined),
        },
        target?.point,
        target && {
          count: (a) => this.tried.get(`${target.point.feature}|${a}`) ?? 0,
          add: (a) =>
            this.tried.set(`${target.point.feature}|${a}`, (this.tried.get(`${target.point.feature}|${a}`) ?? 0) + 1),
        },
      );
      input = {
        runSeed: rng.next() < KEEP_RUN_SEED ? parent.runSeed : seed,
        plan: m.plan,
        ...(m.workload ? { workload: m.workload } : {}),
        origin: `mutant of seed ${parent.seed}: ${m.what.join('; ')}`,
      };
    }
    this.inputs.set(index, input);
  }

  /**
   * Where to strike, and a corpus run that went there: first an abstract state, by its bias
   * (stateBias: a sync under way, unsynced writes) and much less the more runs have crashed a
   * server in it (`x:crash@STATE`) or the more strikes it has had — so the strikes go round the
   * states no crash has reached yet, where a crash may open a window; then a step taken in that
   * state, the less struck first; then one of the first runs that took it (and, in mutate, an
   * action that step has had least).
   */
  /** The states a directed strike may aim at now, with their weights and steps, heaviest first (for people and tests). */
  aims(): { state: string; weight: number; steps: string[] }[] {
    return [...this.targets]
      .map(([state, steps]) => ({ state, weight: this.stateWeight(state), steps: [...steps.keys()] }))
      .sort((a, b) => b.weight - a.weight);
  }

  private stateWeight(state: string): number {
    return stateBias(state) / (1 + this.map.count(`x:crash@${state}`) + (this.struckState.get(state) ?? 0) / 2) ** 2;
  }

  private pickTarget(rng: Rng): { entry: CorpusEntry; point: StepPoint } | undefined {
    const states = [...this.targets.keys()];
    const state = weighted(rng, states, (st) => this.stateWeight(st));
    if (state === undefined) return undefined;
    const steps = this.targets.get(state)!;
    const feature = weighted(rng, [...steps.keys()], (f) => 1 / (1 + (this.struck.get(f) ?? 0) / 2) ** 2)!;
    this.struckState.set(state, (this.struckState.get(state) ?? 0) + 1);
    this.struck.set(feature, (this.struck.get(feature) ?? 0) + 1);
    return rng.pick(steps.get(feature)!);
  }

  private pickParent(rng: Rng): CorpusEntry {
    let total = 0;
    const ws = this.corpus.map((e) => {
      let rarity = 0;
      for (const f of e.found) rarity += 1 / this.map.count(f);
      const w = rarity / (1 + e.picks / 4);
      total += w;
      return w;
    });
    let r = rng.next() * total;
    for (let i = 0; i < ws.length; i++) {
      r -= ws[i]!;
      if (r < 0) return this.corpus[i]!;
    }
    return this.corpus[this.corpus.length - 1]!;
  }
}
