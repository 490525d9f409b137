// zksim walkthrough NAME: run a scenario for real under every checker and narrate it, step by
// step, from its trace (reports/walkthrough/), in English or Chinese, as text, Markdown or a
// self-contained HTML page.
import { z } from 'zod';
import { en } from '../../reports/walkthrough/en.ts';
import { type Format, type Lang, type Phrasebook, type RunSummary, render } from '../../reports/walkthrough/render.ts';
import { buildSteps, type Ensemble, type Step } from '../../reports/walkthrough/steps.ts';
import { zh } from '../../reports/walkthrough/zh.ts';
import { checkerNames } from '../checkers/index.ts';
import { runScenario } from '../harness/runner.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { type FlagTable, UsageError, flag, parseArgs, seedFlag } from './args.ts';
import type { Command } from './command.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import type { AnyOptions } from '../harness/scenario.ts';
import { optionFlagsOf, optionsFromFlags } from './scenario-flags.ts';
import { RECIPE_WALKTHROUGHS, renderRecipeWalkthrough } from './recipe-walkthrough.ts';
import { CONFIG_WALKTHROUGH, renderConfigWalkthrough } from './config-walkthrough.ts';

export const WALKTHROUGHS = ['first-start', 'restart', 'leader-crash', 'partition', 'observer'] as const;
export type WalkthroughName = (typeof WALKTHROUGHS)[number];

const books: Record<Lang, Phrasebook> = { en, zh };

/** The walkthrough scenarios' option flags (first-start's --servers, --order, ...: scenarios/options.ts). */
const optionFlags = optionFlagsOf(WALKTHROUGHS.map(scenarioNamed));

const ownFlags: FlagTable = {
  seed: seedFlag,
  format: flag(
    z.enum(['text', 'md', 'html'], { error: 'expected text, md or html' }),
    'text|md|html',
    'plain text, Markdown, or a self-contained HTML page (default text)',
  ),
  lang: flag(z.enum(['en', 'zh'], { error: 'expected en or zh' }), 'en|zh', 'English or Chinese (default en)'),
};
const flags: FlagTable = { ...ownFlags, ...optionFlags };

export const walkthroughCmd: Command = {
  name: 'walkthrough',
  synopsis: 'NAME [flags]',
  summary: 'one run under every checker, narrated step by step from its trace',
  about: [
    '',
    `NAME: ${[...WALKTHROUGHS, ...RECIPE_WALKTHROUGHS, CONFIG_WALKTHROUGH].join(', ')}`,
    `${RECIPE_WALKTHROUGHS.join(', ')}: the pause-past-expiry story, run without fencing and with it (exit 1 only if the fenced run fails)`,
    `${CONFIG_WALKTHROUGH}: the configuration center's push and pull, a subscriber paused past its session (exit 1 if a checker fires)`,
  ],
  flags: ownFlags,
  groups: [{ title: 'scenario options (each for the walkthroughs named)', flags: optionFlags }],
  run: (argv, out) => walkthroughCommand(argv, out),
};

export interface Walkthrough {
  steps: Step[];
  summary: RunSummary;
  /** What the scenario says the run is expected to show. */
  expect?: string;
}

/** The ensemble of a built world: its server nodes, observers by their zoo.cfg's peerType. */
function ensembleOf(world: World): Ensemble {
  const ids = [...world.nodes.keys()]
    .filter((n) => /^s\d+$/.test(n))
    .map((n) => Number(n.slice(1)))
    .sort((a, b) => a - b);
  const observers = ids.filter((sid) =>
    /^peerType=observer$/m.test(world.node(`s${sid}`).disk.read(`conf/zoo${sid}.cfg`) ?? ''),
  );
  return { voters: ids.filter((sid) => !observers.includes(sid)), observers };
}

/** What the docs say the run ends with, where they say it. */
function docsClaim(name: WalkthroughName, voters: number): RunSummary['docs'] {
  if (name === 'first-start')
    return { leader: Math.floor(voters / 2) + 1, where: voters === 3 ? 'seed 000, seed 003 §3.1' : 'seed 003 §3.1' };
  if (name === 'restart') return { leader: 2, where: 'seed 003 §3.2' };
  return undefined;
}

/** Run the walkthrough's scenario (with these of its options) and read its steps from the trace. */
export function walkthrough(name: WalkthroughName, seed: number, options: AnyOptions = {}): Walkthrough {
  const events: TraceEvent[] = [];
  const { result, world } = runScenario({
    scenario: scenarioNamed(name),
    seed,
    ...options,
    onEvent: (ev) => events.push(ev),
  });
  const ensemble = ensembleOf(world);
  const steps = buildSteps(events, ensemble);
  const summary: RunSummary = {
    name,
    seed,
    voters: ensemble.voters,
    observers: ensemble.observers,
    leader: result.leader,
    epoch: result.epoch,
    roles: result.roles,
    ok: result.ok,
    violations: result.violations.map((v) => ({ checker: v.checker, message: v.message })),
    checkers: checkerNames.length,
    traceHash: result.traceHash,
    events: result.events,
    simTimeMs: result.simTimeMs,
  };
  const docs = docsClaim(name, ensemble.voters.length);
  if (docs) summary.docs = docs;
  return { steps, summary, ...(result.expect ? { expect: result.expect } : {}) };
}

export function walkthroughCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length !== 1) throw new UsageError(`walkthrough needs one name (${WALKTHROUGHS.join(', ')})`);
  const name = positional[0]!;
  const recipe = RECIPE_WALKTHROUGHS.find((r) => r === name);
  if (recipe || name === CONFIG_WALKTHROUGH)
    for (const k of Object.keys(f))
      if (k !== 'format' && k !== 'lang' && f[k] !== undefined)
        throw new UsageError(`walkthrough ${name} tells a fixed story: --${k} is not taken (only --format, --lang)`);
  if (name === CONFIG_WALKTHROUGH) {
    const r = renderConfigWalkthrough((f.format as Format | undefined) ?? 'text', (f.lang as Lang | undefined) ?? 'en');
    out(r.text.replace(/\n$/, ''));
    return r.ok ? 0 : 1;
  }
  if (recipe) {
    for (const k of Object.keys(f))
      if (k !== 'format' && k !== 'lang' && f[k] !== undefined)
        throw new UsageError(`walkthrough ${name} tells a fixed story: --${k} is not taken (only --format, --lang)`);
    const r = renderRecipeWalkthrough(
      recipe,
      (f.format as Format | undefined) ?? 'text',
      (f.lang as Lang | undefined) ?? 'en',
    );
    out(r.text.replace(/\n$/, ''));
    return r.fencedOk ? 0 : 1;
  }
  if (!(WALKTHROUGHS as readonly string[]).includes(name))
    throw new UsageError(
      `unknown walkthrough '${name}' (known: ${[...WALKTHROUGHS, ...RECIPE_WALKTHROUGHS, CONFIG_WALKTHROUGH].join(', ')})`,
    );
  const options = optionsFromFlags(scenarioNamed(name), f, Object.keys(optionFlags), `walkthrough ${name}`);
  const w = walkthrough(name as WalkthroughName, (f.seed as number | undefined) ?? 1, options);
  const text = render(
    (f.format as Format | undefined) ?? 'text',
    books[(f.lang as Lang | undefined) ?? 'en'],
    name,
    w.steps,
    w.summary,
  );
  out(text.replace(/\n$/, ''));
  return w.summary.ok ? 0 : 1;
}
