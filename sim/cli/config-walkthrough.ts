// zksim walkthrough recipe-config: the configuration center's story (scenarios/recipes/config-story.ts)
// run for real under every checker, and narrated from its trace (reports/walkthrough/config/).
import { CONFIG_STORY } from '../../scenarios/recipes/config-story.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import {
  type ConfigBook,
  type ConfigRunSummary,
  renderConfigHtml,
  renderConfigMarkdown,
  renderConfigText,
} from '../../reports/walkthrough/config/book.ts';
import { configEn } from '../../reports/walkthrough/config/en.ts';
import { type ConfigStep, buildConfigSteps } from '../../reports/walkthrough/config/steps.ts';
import { configZh } from '../../reports/walkthrough/config/zh.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { runScenario } from '../harness/runner.ts';

export const CONFIG_WALKTHROUGH = 'recipe-config';

const books: Record<'en' | 'zh', ConfigBook> = { en: configEn, zh: configZh };

export function configWalkthrough(): { steps: ConfigStep[]; summary: ConfigRunSummary } {
  const story = CONFIG_STORY;
  const events: TraceEvent[] = [];
  const { result } = runScenario({
    scenario: scenarioNamed(CONFIG_WALKTHROUGH),
    seed: story.seed,
    servers: 3,
    plan: { faults: [] },
    workload: story.workload,
    untilMs: story.untilMs,
    onEvent: (ev) => events.push(ev),
  });
  const ends = new Map<string, { client: string; value: string | null; version: number }>();
  let last: ConfigRunSummary['last'];
  for (const ev of events)
    if (ev.k === 'recipe' && ev.what === 'config-seen')
      ends.set(ev.n, { client: ev.n, value: ev.value, version: ev.version });
    else if (ev.k === 'recipe' && ev.what === 'config-write') last = { value: ev.value, version: ev.version };
  return {
    steps: buildConfigSteps(events, result.violations),
    summary: {
      seed: story.seed,
      ok: result.ok,
      violations: result.violations.map((v) => ({ checker: v.checker, message: v.message })),
      ends: [...ends.values()].sort((a, b) => a.client.localeCompare(b.client)),
      last,
      traceHash: result.traceHash,
      events: result.events,
      simTimeMs: result.simTimeMs,
    },
  };
}

export function renderConfigWalkthrough(
  format: 'text' | 'md' | 'html',
  lang: 'en' | 'zh',
): { text: string; ok: boolean } {
  const w = configWalkthrough();
  const render = format === 'md' ? renderConfigMarkdown : format === 'html' ? renderConfigHtml : renderConfigText;
  return { text: render(books[lang], w.steps, w.summary), ok: w.summary.ok };
}
