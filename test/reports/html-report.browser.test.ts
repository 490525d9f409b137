// The HTML report in a real browser (Debian's chromium, driven by playwright-core): no
// console errors, one lane per node, the expected arrows, filters that hide arrows, zoom,
// and the violation highlighted and in view. Screenshots go to test-artifacts/. Under
// CI=true a missing /usr/bin/chromium fails the test; elsewhere it skips.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const inCI = process.env.CI === 'true';
const haveChromium = existsSync(CHROMIUM);
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

async function zksim(...argv: string[]): Promise<number> {
  return main(
    argv,
    () => {},
    () => {},
  );
}

describe.skipIf(!haveChromium && !inCI)('HTML report in headless Chromium', () => {
  let ctx: BrowserContext;
  let userData: string;
  let dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    expect(haveChromium, `${CHROMIUM} is missing: .ci/run installs Debian's chromium`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'zksim-browser-'));
    expect(await zksim('run', 'first-start', '--servers', '3', '--seed', '1', '--report', join(dir, 'fs3'))).toBe(0);
    expect(
      await zksim(
        'run',
        'faults',
        '--servers',
        '3',
        '--seed',
        '3',
        '--bug',
        'ZK-3911',
        '--save-replay',
        join(dir, 'f3.replay.json'),
      ),
    ).toBe(1);
    expect(await zksim('replay', join(dir, 'f3.replay.json'), '--report', join(dir, 'f3'))).toBe(1);
    expect(await zksim('run', 'faults', '--seed', '1', '--report', join(dir, 'big'))).toBe(0); // 5 servers, 46,016 events
    userData = mkdtempSync(join(tmpdir(), 'zksim-chromium-'));
    ctx = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await ctx?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  async function open(name: string): Promise<Page> {
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${name}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) errors.push(`${name}: fetched ${r.url()}`);
    });
    await page.goto(`file://${join(dir, name, 'report.html')}`);
    await page.waitForFunction(() => (window as unknown as { zksimReport?: unknown }).zksimReport !== undefined);
    return page;
  }

  const count = (page: Page, sel: string) => page.locator(sel).count();

  it('a 3-server first start: three lanes, notification arrows between servers, filters hide arrows', async () => {
    const page = await open('fs3');
    expect(
      await page.locator('#diagram g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-node'))),
    ).toEqual(['s1', 's2', 's3']);
    const notes = await page
      .locator('#diagram line.msg[data-type="notification"]')
      .evaluateAll((ls) => ls.map((l) => `${l.getAttribute('data-from')}>${l.getAttribute('data-to')}`));
    expect(notes.length).toBeGreaterThanOrEqual(4);
    for (const n of notes) expect(n).toMatch(/^s[123]>s[123]$/);
    expect(new Set(notes).size).toBeGreaterThan(1);
    expect(await count(page, '#diagram line.msg[data-type="FOLLOWERINFO"]')).toBe(2);
    expect(await count(page, '#diagram .mark.role')).toBeGreaterThan(0);

    const before = await count(page, '#diagram line.msg');
    await page.locator('input.f-type[data-type="notification"]').click();
    expect(await count(page, '#diagram line.msg[data-type="notification"]')).toBe(0);
    expect(await count(page, '#diagram line.msg')).toBeGreaterThan(0);
    await page.locator('input.f-type[data-type="notification"]').click();
    await page.locator('#scroller').evaluate((s) => (s.scrollLeft = 0));
    await expect.poll(() => count(page, '#diagram line.msg[data-type="notification"]')).toBe(notes.length);

    await page.locator('input.f-lane[data-node="s3"]').click();
    expect(await count(page, '#diagram g.lane')).toBe(2);
    expect(await count(page, '#diagram line.msg[data-from="s3"], #diagram line.msg[data-to="s3"]')).toBe(0);
    await page.locator('input.f-lane[data-node="s3"]').click();

    await page.locator('#f-from').fill('3000');
    await page.locator('#f-to').fill('3400');
    await page.locator('#window-apply').click();
    const ts = await page
      .locator('#diagram line.msg')
      .evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('data-ts'))));
    expect(ts.length).toBeGreaterThan(0);
    for (const t of ts) expect(t).toBeGreaterThanOrEqual(2_000_000); // sent in the window, or received in it
    await page.locator('#window-reset').click();

    // Click the middle of the first LEADERINFO arrow, as a person would.
    const mid = await page
      .locator('#diagram line.msg[data-type="LEADERINFO"]')
      .first()
      .evaluate((l) => {
        const r = l.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      });
    await page.mouse.click(mid.x, mid.y);
    expect(await page.locator('#detail').textContent()).toMatch(
      /^LEADERINFO {2}s2 → s[13]\nsent: event \d+ at [\d.]+ s\nreceived: event \d+/,
    );
    await page.locator('#zoom-fit').click();
    expect(await count(page, '#diagram line.msg')).toBeGreaterThan(before);
    await page.screenshot({ path: join(ARTIFACTS, 'report-first-start.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('the failing replay: the violation is highlighted on its server, scrolled into view', async () => {
    const page = await open('f3');
    expect(
      await page.locator('#diagram g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-node'))),
    ).toEqual(['s1', 's2', 's3', 'c1', 'c2', 'c3']);
    await expect.poll(() => count(page, '#violation-mark')).toBe(1);
    const mark = await page.locator('#violation-mark circle').boundingBox();
    const view = await page.locator('#scroller').boundingBox();
    expect(mark && view).toBeTruthy();
    expect(mark!.x).toBeGreaterThan(view!.x);
    expect(mark!.x + mark!.width).toBeLessThan(view!.x + view!.width);
    const lane = await page.locator('#diagram g.lane[data-node="s3"] line').boundingBox();
    expect(Math.abs(mark!.y + mark!.height / 2 - lane!.y)).toBeLessThan(2); // on s3, the leader that committed (generator v3's seed 3)
    expect(await page.locator('#violation-summary').textContent()).toContain('VIOLATION quorum-commit');
    expect(await page.locator('li.fail[data-checker="quorum-commit"]').count()).toBe(1);
    expect(await count(page, '#diagram line.msg[data-type="PROPOSAL"]')).toBeGreaterThan(0);

    // Scroll away, then "show in diagram" brings it back.
    await page.locator('#zoom-fit').click();
    await page.locator('#scroller').evaluate((s) => (s.scrollLeft = 0));
    await page.locator('#goto-violation').click();
    await expect.poll(() => count(page, '#violation-mark')).toBe(1);
    await page.locator('#goto-violation').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('a run of 46,000 events stays usable: only the window in view is drawn, at any zoom', async () => {
    const page = await open('big');
    const nodes = () => page.locator('#diagram *').count();
    expect(
      await page.evaluate(() => (window as unknown as { zksimReport: { columns(): number } }).zksimReport.columns()),
    ).toBeGreaterThan(20_000);
    expect(await nodes()).toBeLessThan(3_000);
    await page.locator('#zoom-fit').click();
    expect(await nodes()).toBeLessThan(12_000); // 11,382 messages: a sample of them, and it says so
    expect(await page.locator('#toomany').isVisible()).toBe(true);
    await page.locator('input.f-type[data-type="PING"]').click();
    expect(await count(page, '#diagram line.msg[data-type="PING"]')).toBe(0);
    for (let j = 0; j < 4; j++) await page.locator('#zoom-in').click();
    await page.locator('#scroller').evaluate((s) => (s.scrollLeft = s.scrollWidth / 2));
    await expect.poll(() => count(page, '#diagram line.msg[data-type="PROPOSAL"]')).toBeGreaterThan(0);
    expect(await nodes()).toBeLessThan(12_000);
    expect(errors).toEqual([]);
  });
});

describe('the browser test runs in CI', () => {
  it.runIf(inCI)('CI has /usr/bin/chromium (the browser test must not skip there)', () => {
    expect(haveChromium).toBe(true);
  });
});
