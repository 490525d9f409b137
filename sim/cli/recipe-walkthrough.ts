// zksim walkthrough recipe-lock | recipe-master: the recipe's story (scenarios/recipes/stories.ts)
// run for real twice — without fencing and with it — under every checker, and narrated from the
// two traces (reports/walkthrough/recipes/).
import { RECIPE_STORIES } from '../../scenarios/recipes/stories.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import {
  type RecipeBook,
  type RecipeRun,
  type RecipeWalkthroughName,
  renderRecipeHtml,
  renderRecipeMarkdown,
  renderRecipeText,
} from '../../reports/walkthrough/recipes/book.ts';
import { recipeEn } from '../../reports/walkthrough/recipes/en.ts';
import { buildRecipeSteps } from '../../reports/walkthrough/recipes/steps.ts';
import { recipeZh } from '../../reports/walkthrough/recipes/zh.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { runScenario } from '../harness/runner.ts';

export const RECIPE_WALKTHROUGHS = ['recipe-lock', 'recipe-master'] as const satisfies readonly RecipeWalkthroughName[];

export const recipeBooks: Record<'en' | 'zh', RecipeBook> = { en: recipeEn, zh: recipeZh };

/** The story without fencing, then with it. */
export function recipeWalkthrough(name: RecipeWalkthroughName): { seed: number; runs: RecipeRun[] } {
  const story = RECIPE_STORIES[name];
  const runs = [false, true].map((fencing): RecipeRun => {
    const events: TraceEvent[] = [];
    const { result } = runScenario({
      scenario: scenarioNamed(name),
      seed: story.seed,
      fencing,
      plan: { faults: [] },
      workload: story.workload,
      untilMs: story.untilMs,
      onEvent: (ev) => events.push(ev),
    });
    return {
      summary: {
        fencing,
        ok: result.ok,
        violations: result.violations.map((v) => ({ checker: v.checker, message: v.message })),
        traceHash: result.traceHash,
        events: result.events,
        simTimeMs: result.simTimeMs,
      },
      steps: buildRecipeSteps(events, result.violations, story.nodes),
    };
  });
  return { seed: story.seed, runs };
}

export function renderRecipeWalkthrough(
  name: RecipeWalkthroughName,
  format: 'text' | 'md' | 'html',
  lang: 'en' | 'zh',
): { text: string; fencedOk: boolean } {
  const w = recipeWalkthrough(name);
  const book = recipeBooks[lang];
  const render = format === 'md' ? renderRecipeMarkdown : format === 'html' ? renderRecipeHtml : renderRecipeText;
  return { text: render(book, name, w.seed, w.runs), fencedOk: w.runs[1]!.summary.ok };
}
