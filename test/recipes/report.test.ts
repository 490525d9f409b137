// The HTML report of a recipe run shows what its clients believed: a 'holds' span per tenure,
// marks when they take and let go of the role and for each write fencing rejected, and the
// scenario's own checkers among the verdicts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReportModelBuilder } from '../../reports/html/model.ts';
import { reportHtml } from '../../reports/html/page.ts';
import { findScenario, scenarioNamed } from '../../scenarios/index.ts';
import { RECIPE_STORIES } from '../../scenarios/recipes/stories.ts';
import { parseReplay, runOptionsOf } from '../../sim/harness/replay.ts';
import { runScenario } from '../../sim/harness/runner.ts';

describe('report of a recipe run', () => {
  it('the shrunk recipe-lock seed 1: two holds spans overlap in time, the violation marked, mutual-exclusion VIOLATION', () => {
    const file = new URL('../fixtures/replays/recipe-lock-pause-past-expiry.shrunk.replay.json', import.meta.url);
    const replay = parseReplay(readFileSync(file, 'utf8'), findScenario).replay;
    const model = new ReportModelBuilder();
    const { result, built } = runScenario({
      ...runOptionsOf(replay, scenarioNamed('recipe-lock')),
      onEvent: model.onEvent,
    });
    const m = model.finish(result.violations, Math.round(result.simTimeMs * 1000));
    const holds = m.spans.filter((s) => s[3] === 'holds');
    const c1 = m.lanes.indexOf('c1');
    const c2 = m.lanes.indexOf('c2');
    const last = (lane: number) => holds.filter((s) => s[2] === lane).at(-1)!;
    // c1's tenure began before c2's last one, and both run to the violation: they overlap.
    expect(last(c1)[5]).toBeLessThan(last(c2)[5]);
    expect(last(c1)[6]).toBeGreaterThanOrEqual(last(c2)[5]);
    expect(m.marks.some((k) => k[3] === 'recipe' && k[2] === c2 && k[4].startsWith('holds the lock'))).toBe(true);
    expect(m.violation).toMatchObject({
      checker: 'mutual-exclusion',
      lane: m.lanes.indexOf(/^(c\d+)/.exec(result.violations[0]!.message)![1]!),
    });
    const html = reportHtml(
      { result, command: 'npx zksim replay x', ownCheckers: (built.checkers ?? []).map((c) => c.name) },
      m,
    );
    expect(html).toContain('mutual-exclusion: <b>VIOLATION</b>');
  });

  it('with fencing: the rejected write is a mark, and mutual-exclusion passes', () => {
    const story = RECIPE_STORIES['recipe-lock'];
    const model = new ReportModelBuilder();
    const { result, built } = runScenario({
      scenario: scenarioNamed('recipe-lock'),
      seed: story.seed,
      fencing: true,
      plan: { faults: [] },
      workload: story.workload,
      untilMs: story.untilMs,
      onEvent: model.onEvent,
    });
    const m = model.finish(result.violations);
    expect(
      m.marks.filter((k) => k[3] === 'recipe' && k[4].startsWith('write rejected')).map((k) => m.lanes[k[2]]),
    ).toEqual(['c2']);
    const html = reportHtml({ result, command: 'x', ownCheckers: (built.checkers ?? []).map((c) => c.name) }, m);
    expect(html).toContain('mutual-exclusion: <b>pass</b>');
  });
});
