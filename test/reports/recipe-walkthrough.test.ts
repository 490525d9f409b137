// zksim walkthrough recipe-lock | recipe-master: the pause-past-expiry story told from two real
// runs (without and with fencing). Golden files hold the text in English and Chinese (reviewed by
// hand; ZKSIM_UPDATE_GOLDEN=1 rewrites them); the steps are checked against what the story must
// show; bad flags are one line and exit code 2.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRecipeHtml, renderRecipeText } from '../../reports/walkthrough/recipes/book.ts';
import type { RecipeStep } from '../../reports/walkthrough/recipes/steps.ts';
import { RECIPE_WALKTHROUGHS, recipeBooks, recipeWalkthrough } from '../../sim/cli/recipe-walkthrough.ts';
import { zksim } from '../support/zksim.ts';

const goldenDir = new URL('../golden/walkthrough/', import.meta.url).pathname;
const runs = new Map(RECIPE_WALKTHROUGHS.map((n) => [n, recipeWalkthrough(n)]));
const of = <K extends RecipeStep['k']>(steps: readonly RecipeStep[], k: K) =>
  steps.filter((s): s is Extract<RecipeStep, { k: K }> => s.k === k);

describe('recipe walkthrough goldens (text)', () => {
  for (const name of RECIPE_WALKTHROUGHS)
    for (const lang of ['en', 'zh'] as const)
      it(`${name}.${lang}.txt`, () => {
        const w = runs.get(name)!;
        const text = renderRecipeText(recipeBooks[lang], name, w.seed, w.runs);
        const file = `${goldenDir}${name}.${lang}.txt`;
        if (process.env.ZKSIM_UPDATE_GOLDEN === '1' || !existsSync(file)) {
          mkdirSync(goldenDir, { recursive: true });
          writeFileSync(file, text);
        }
        expect(text).toBe(readFileSync(file, 'utf8'));
      });
});

describe('what the story shows, read from its steps', () => {
  for (const name of RECIPE_WALKTHROUGHS)
    it(`${name}: c2 holds, is paused past its session, the ensemble expires it, c1 takes over; c2's write after resuming is accepted without fencing, rejected with it`, () => {
      const [plain, fenced] = runs.get(name)!.runs;
      for (const run of [plain!, fenced!]) {
        const s = run.steps;
        const first = of(s, 'acquired')[0]!;
        expect(first.client).toBe('c2');
        const pause = of(s, 'pause')[0]!;
        const expire = of(s, 'expire')[0]!;
        expect(expire.client).toBe('c2');
        expect(expire.deleted).toEqual([name === 'recipe-lock' ? '/exclusive_lock/lock' : '/master_election/master']);
        const c1 = of(s, 'acquired').find((a) => a.client === 'c1')!;
        const resume = of(s, 'resume')[0]!;
        expect(pause.t).toBeLessThan(expire.t);
        expect(expire.t).toBeLessThan(c1.t);
        expect(c1.t).toBeLessThan(resume.t);
        expect(resume.ms).toBeGreaterThan(4000);
        const stale = of(s, 'write').find((w) => w.afterPause)!;
        expect(stale).toMatchObject({ client: 'c2', token: first.token });
        expect(stale.accepted).toBe(!run.summary.fencing);
      }
      expect(plain!.summary.violations[0]?.checker).toBe(name === 'recipe-lock' ? 'mutual-exclusion' : 'single-master');
      expect(fenced!.summary.ok).toBe(true);
      // With fencing, c2 then learns its session expired and starts over on a new one.
      expect(of(fenced!.steps, 'expired').map((e) => e.client)).toEqual(['c2']);
      expect(of(fenced!.steps, 'session').some((x) => x.client === 'c2' && x.again)).toBe(true);
    });

  it('html is one self-contained page', () => {
    const w = runs.get('recipe-lock')!;
    const html = renderRecipeHtml(recipeBooks.zh, 'recipe-lock', w.seed, w.runs);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|https?:/);
    expect(html).toContain('排他锁');
  });
});

describe('zksim walkthrough recipe-*', () => {
  it('prints the story; exit 0 (the fenced run passes)', async () => {
    const r = await zksim('walkthrough', 'recipe-master', '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.out).toContain('## With fencing (--fencing)');
  });
  it('a flag the story does not take is one line, exit 2', async () => {
    const r = await zksim('walkthrough', 'recipe-lock', '--seed', '3');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--seed is not taken');
  });
});
