// zksim walkthrough recipe-config: the configuration center's story told from one real run.
// Golden files hold the text in English and Chinese (reviewed by hand; ZKSIM_UPDATE_GOLDEN=1
// rewrites them); the steps are checked against what the story must show; bad flags are one
// line and exit code 2.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigHtml, renderConfigMarkdown, renderConfigText } from '../../reports/walkthrough/config/book.ts';
import { configEn } from '../../reports/walkthrough/config/en.ts';
import type { ConfigStep } from '../../reports/walkthrough/config/steps.ts';
import { configZh } from '../../reports/walkthrough/config/zh.ts';
import { configWalkthrough } from '../../sim/cli/config-walkthrough.ts';
import { zksim } from '../support/zksim.ts';

const goldenDir = new URL('../golden/walkthrough/', import.meta.url).pathname;
const w = configWalkthrough();
const of = <K extends ConfigStep['k']>(k: K) => w.steps.filter((s): s is Extract<ConfigStep, { k: K }> => s.k === k);

describe('config walkthrough goldens (text)', () => {
  for (const [lang, book] of [
    ['en', configEn],
    ['zh', configZh],
  ] as const)
    it(`recipe-config.${lang}.txt`, () => {
      const text = renderConfigText(book, w.steps, w.summary);
      const file = `${goldenDir}recipe-config.${lang}.txt`;
      if (process.env.ZKSIM_UPDATE_GOLDEN === '1' || !existsSync(file)) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(file, text);
      }
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
});

describe('what the story shows, read from its steps', () => {
  it('every push is answered by a pull that sees the change; c3, paused past its session, is expired, starts over (sync, pull) and ends on the last write', () => {
    expect(w.summary.ok).toBe(true);
    // push, then pull: each notification of a subscriber is followed by its pull of a newer version
    for (const sub of ['c2', 'c3']) {
      const mine = w.steps.filter((s) => 'client' in s && s.client === sub);
      let seen = -1;
      let owed = false;
      for (const s of mine) {
        if (s.k === 'notified') owed = true;
        if (s.k === 'pull') {
          if (owed) expect(s.version).toBeGreaterThan(seen);
          seen = s.version;
          owed = false;
        }
        if (s.k === 'expired') owed = false; // the old session's notification dies with it
      }
    }
    const pause = of('pause')[0]!;
    const expire = of('expire')[0]!;
    const resume = of('resume')[0]!;
    expect(pause.client).toBe('c3');
    expect(expire.client).toBe('c3');
    expect(pause.t).toBeLessThan(expire.t);
    expect(expire.t).toBeLessThan(resume.t);
    // c2 keeps following while c3 is paused
    expect(of('pull').some((p) => p.client === 'c2' && p.t > pause.t && p.t < resume.t)).toBe(true);
    const told = of('expired')[0]!;
    const again = of('session').find((s) => s.client === 'c3' && s.again)!;
    const sync = of('sync').find((s) => s.client === 'c3' && s.t > again.t)!;
    const pull = of('pull').find((p) => p.client === 'c3' && p.t > again.t)!;
    expect(told.t).toBeLessThanOrEqual(again.t);
    expect(sync.t).toBeLessThanOrEqual(pull.t);
    expect(pull.why).toBe('new-session');
    const last = w.summary.last!;
    expect(w.summary.ends).toEqual([
      { client: 'c2', value: last.value, version: last.version },
      { client: 'c3', value: last.value, version: last.version },
    ]);
  });

  it('md is a table; html is one self-contained page', () => {
    const md = renderConfigMarkdown(configEn, w.steps, w.summary);
    expect(md).toContain('| time | what happens |');
    const html = renderConfigHtml(configZh, w.steps, w.summary);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|https?:/);
    expect(html).toContain('推拉结合');
  });
});

describe('zksim walkthrough recipe-config', () => {
  it('prints the story; exit 0', async () => {
    const r = await zksim('walkthrough', 'recipe-config', '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toContain('配置中心');
  });
  it('a flag the story does not take is one line, exit 2', async () => {
    const r = await zksim('walkthrough', 'recipe-config', '--seed', '3');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--seed is not taken');
  });
});
