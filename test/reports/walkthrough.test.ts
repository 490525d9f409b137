// zksim walkthrough: each walkthrough is a real run told from its trace. Golden files hold the
// text of the default seed in English and Chinese (reviewed by hand; ZKSIM_UPDATE_GOLDEN=1
// rewrites them); the steps are checked against what each run must show; md and html are
// well-formed and self-contained; bad input is one line and exit code 2.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../reports/walkthrough/en.ts';
import { render } from '../../reports/walkthrough/render.ts';
import { type Step, buildSteps, storySteps } from '../../reports/walkthrough/steps.ts';
import { zh } from '../../reports/walkthrough/zh.ts';
import { event } from '../support/events.ts';
import { zksim } from '../support/zksim.ts';
import { WALKTHROUGHS, type Walkthrough, type WalkthroughName, walkthrough } from '../../sim/cli/walkthrough.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';

const goldenDir = new URL('../golden/walkthrough/', import.meta.url).pathname;
const cache = new Map<string, Walkthrough>();
function run(name: WalkthroughName, servers?: number): Walkthrough {
  const key = `${name}/${servers ?? ''}`;
  if (!cache.has(key)) cache.set(key, walkthrough(name, 1, servers !== undefined ? { servers } : {}));
  return cache.get(key)!;
}

const of = <K extends Step['k']>(steps: readonly Step[], k: K) =>
  steps.filter((s): s is Extract<Step, { k: K }> => s.k === k);

describe('walkthrough goldens (seed 1, text)', () => {
  for (const name of WALKTHROUGHS) {
    for (const lang of ['en', 'zh'] as const) {
      it(`${name}.${lang}.txt`, () => {
        const w = run(name);
        expect(w.summary.ok).toBe(true);
        const text = render('text', lang === 'en' ? en : zh, name, w.steps, w.summary);
        const file = `${goldenDir}${name}.${lang}.txt`;
        if (process.env.ZKSIM_UPDATE_GOLDEN === '1' || !existsSync(file)) {
          mkdirSync(goldenDir, { recursive: true });
          writeFileSync(file, text);
        }
        expect(text).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});

describe('what each walkthrough shows, read from its steps', () => {
  it('first-start: five servers started in order → server 3 leads (docs 3.1); three → server 2 (seed 000)', () => {
    for (const [servers, leader] of [
      [5, 3],
      [3, 2],
    ] as const) {
      const w = run('first-start', servers);
      expect(w.summary.leader).toBe(leader);
      expect(w.summary.docs).toMatchObject({ leader });
      const decided = of(w.steps, 'decide').find((s) => s.state === 'LEADING')!;
      expect(decided.server).toBe(leader);
      expect(decided.acks).toHaveLength(Math.floor(servers / 2) + 1);
      // Every vote change of a first start is on myid (no zxid yet), always to a larger one.
      const adopted = of(w.steps, 'hear').filter((h) => h.outcome === 'adopt');
      expect(adopted.length).toBeGreaterThan(0);
      for (const h of adopted) {
        expect(h.because).toBe('myid');
        expect(h.vote.leader).toBeGreaterThan(h.own.leader);
      }
      // Servers started after the leader is in place join it without a new election.
      const joined = of(w.steps, 'decide')
        .filter((s) => s.joined)
        .map((s) => s.server);
      expect(joined).toEqual(Array.from({ length: servers - leader }, (_, i) => leader + 1 + i));
    }
    expect(render('text', en, 'first-start', run('first-start', 3).steps, run('first-start', 3).summary)).toContain(
      'server 2 LOOKING → LEADING',
    );
  });

  it('restart: 4 gives up its vote for a larger zxid, 1 for a larger myid; 2 leads epoch 2 and DIFFs 4 with txn 8', () => {
    const w = run('restart');
    const hears = of(w.steps, 'hear').filter((h) => h.outcome === 'adopt');
    expect(hears.find((h) => h.server === 4 && h.vote.leader === 2)?.because).toBe('zxid');
    expect(hears.find((h) => h.server === 1 && h.vote.leader === 2)?.because).toBe('myid');
    expect(w.summary).toMatchObject({ leader: 2, epoch: 2 });
    const sync4 = of(w.steps, 'sync').find((s) => s.peer === 4)!;
    expect(sync4).toMatchObject({ mode: 'DIFF', why: 'behind' });
    expect(sync4.txns.map((t) => t.zxid)).toEqual([0x100000008]);
    expect(sync4.txns[0]!.path).toBe('/n8');
  });

  it('leader-crash: 4 lacks /d and moves to 3 on zxid; 3 keeps /d (never committed by 5) and DIFFs it; 1 gets a SNAP', () => {
    const w = run('leader-crash');
    const crash = of(w.steps, 'crash').find((s) => s.server === 5)!;
    expect(crash.uncommitted.map((p) => p.path)).toEqual(['/d']);
    const hear = of(w.steps, 'hear').find((h) => h.server === 4 && h.outcome === 'adopt' && h.vote.leader === 3)!;
    expect(hear.because).toBe('zxid');
    expect(hear.vote.zxid).toBeGreaterThan(hear.own.zxid);
    expect(w.summary).toMatchObject({ leader: 3, epoch: 2 });
    const syncs = of(w.steps, 'sync');
    const s4 = syncs.find((s) => s.peer === 4 && s.server === 3)!;
    expect(s4).toMatchObject({ mode: 'DIFF', why: 'behind' });
    expect(s4.txns.map((t) => t.path)).toEqual(['/d']);
    expect(s4.recovered.map((t) => t.path)).toEqual(['/d']);
    expect(syncs.find((s) => s.peer === 5)!.txns.map((t) => t.path)).toEqual(['/d', '/e']);
    expect(syncs.find((s) => s.peer === 1)).toMatchObject({ mode: 'SNAP', why: 'empty', peerLastZxid: 0 });
    expect(of(w.steps, 'reply').find((r) => r.path === '/d')?.rc).toBe(-4);
  });

  it('partition: leader 5 steps down with /c and /d uncommitted; 3 leads epoch 2; after the heal 4 and 5 TRUNC them', () => {
    const w = run('partition');
    const down = of(w.steps, 'leader-shutdown').find((s) => s.server === 5)!;
    expect(down.reason).toMatchObject({ code: 'no-synced-quorum', sids: [4, 5] });
    expect(down.uncommitted.map((p) => [p.path, p.acks])).toEqual([
      ['/c', [4, 5]],
      ['/d', [4, 5]],
    ]);
    // The cut happens before /c is proposed: the tail is really uncommitted, never committed anywhere.
    const commits = of(w.steps, 'commit').map((c) => c.path);
    expect(commits).toEqual(expect.arrayContaining(['/a', '/b']));
    expect(commits).not.toContain('/c');
    expect(commits).not.toContain('/d');
    expect(w.summary).toMatchObject({ leader: 3, epoch: 2 });
    const heal = of(w.steps, 'heal')[0]!;
    for (const sid of [4, 5]) {
      const sync = of(w.steps, 'sync').find((s) => s.peer === sid && s.server === 3)!;
      expect(sync).toMatchObject({ mode: 'TRUNC', why: 'ahead', truncTo: 0x100000003, peerLastZxid: 0x100000005 });
      expect(sync.t).toBeGreaterThan(heal.t);
      const trunc = of(w.steps, 'truncate').find((s) => s.server === sid)!;
      expect(trunc.dropped.map((t) => t.path)).toEqual(['/c', '/d']);
      expect(of(w.steps, 'decide').find((d) => d.server === sid && d.t > heal.t)).toMatchObject({
        joined: true,
        leader: 3,
        state: 'FOLLOWING',
      });
    }
  });

  it('observer: the write goes REQUEST → PROPOSAL/ACK among voters → COMMIT + INFORM → applied on the observer → reply', () => {
    const w = run('observer');
    const path = w.steps.filter((s) => 'path' in s && s.path === '/a').map((s) => s.k);
    expect(path).toEqual(['call', 'forward', 'propose', 'commit', 'apply', 'reply']);
    const commit = of(w.steps, 'commit').find((c) => c.path === '/a')!;
    expect(commit.acks).not.toContain(4);
    expect(commit.informTo).toEqual([4]);
    expect(commit.commitTo).toEqual([1, 2]);
    expect(of(w.steps, 'propose').find((p) => p.path === '/a')!.to).toEqual([1, 2]);
    expect(of(w.steps, 'forward').find((f) => f.path === '/a')).toMatchObject({ server: 4, observer: true, leader: 3 });
  });
});

describe('the steps come from the trace', () => {
  it('a notification and the vote change it caused become one step with the reason the trace gives', () => {
    const trace: TraceEvent[] = [
      event(0, 0 * 1000, 'fle.start', 's1', { round: 1, leader: 1, zxid: 0x100000002, peerEpoch: 1 }),
      event(1, 1 * 1000, 'fle.recv', 's1', {
        round: 1,
        from: 2,
        state: 'LOOKING',
        leader: 2,
        zxid: 0x100000003,
        electionEpoch: 1,
        peerEpoch: 1,
      }),
      event(2, 2 * 1000, 'fle.vote', 's1', {
        round: 1,
        leader: 2,
        zxid: 0x100000003,
        peerEpoch: 1,
        because: 'zxid',
        from: 2,
      }),
      event(3, 3 * 1000, 'fle.recv', 's1', {
        round: 1,
        from: 3,
        state: 'LOOKING',
        leader: 3,
        zxid: 0x100000001,
        electionEpoch: 1,
        peerEpoch: 1,
      }),
    ];
    const steps = buildSteps(trace, { voters: [1, 2, 3], observers: [] });
    expect(steps.map((s) => (s.k === 'hear' ? `${s.outcome}:${s.because}` : s.k))).toEqual([
      'looking',
      'adopt:zxid',
      'weaker:zxid',
    ]);
    expect(en.step(steps[1]!)).toContain(
      'with the same epoch and a larger zxid (newer data): server 1 now votes for 2',
    );
    expect(zh.step(steps[1]!)).toContain('epoch 相同，zxid 更大（数据更新）：服务器1改投服务器2');
    // The same notification without a vote change in the trace is told as kept, not adopted.
    const kept = buildSteps([trace[0]!, trace[1]!], { voters: [1, 2, 3], observers: [] });
    expect(kept[1]).toMatchObject({ k: 'hear', outcome: 'weaker' });
  });
});

describe('the story of a run (zksim demo)', () => {
  it('keeps every step that decides who leads, drops the routine ones, in order', () => {
    for (const name of ['first-start', 'restart', 'leader-crash'] as const) {
      const all = run(name).steps;
      const story = storySteps(all);
      expect(story.length).toBeLessThan(all.length);
      // A subsequence of the steps, in order.
      let i = 0;
      for (const s of story) {
        while (all[i] !== s) i++;
        expect(i).toBeLessThan(all.length);
      }
      for (const k of ['start', 'looking', 'quorum', 'decide', 'newepoch', 'sync', 'established', 'uptodate'] as const)
        expect(of(story, k)).toEqual(of(all, k));
      expect(of(story, 'hear')).toEqual(
        of(all, 'hear').filter((h) => h.outcome === 'adopt' || h.outcome === 'newer-round'),
      );
      expect(of(story, 'timeout')).toEqual([]);
      expect(of(story, 'learner')).toEqual([]);
    }
  });
});

describe('formats', () => {
  it('md: a title, the steps as table rows, the result', () => {
    const w = run('first-start');
    const md = render('md', en, 'first-start', w.steps, w.summary);
    expect(md.startsWith('# zksim walkthrough: first-start, 5 servers (seed 1)\n')).toBe(true);
    expect(md).toContain('| time | phase | what happens |\n|---:|---|---|\n');
    expect(md.split('\n').filter((l) => /^\| \d+\.\d{3} s \|/.test(l))).toHaveLength(w.steps.length);
    expect(md).toContain('## Result');
    expect(md).toContain('- as the docs say (seed 003 §3.1), server 3 leads');
  });

  it('html: one self-contained page (no script, no link, no URL), text escaped, lang set', () => {
    const w = run('observer');
    const html = render('html', zh, 'observer', w.steps, w.summary);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<script|<link|src=|href=|https?:|@import|url\(/i);
    expect(html.match(/<tr class="/g)).toHaveLength(w.steps.length);
    const odd = render(
      'html',
      en,
      'observer',
      [{ k: 'exit', server: 1, reason: '<b> & "x"', t: 0, phase: 'process' }],
      w.summary,
    );
    expect(odd).toContain('server 1 exits: &lt;b&gt; &amp; &quot;x&quot;');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });
});

describe('zksim walkthrough', () => {
  it('prints the narration, in the language and format asked; exit 0 when every checker passed', async () => {
    const r = await zksim('walkthrough', 'first-start', '--servers', '3', '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toContain('服务器2由 LOOKING 变为 LEADING');
    expect(r.out).toContain('与文档（seed 000, seed 003 §3.1）所说一致：服务器2当选 Leader');
    const html = await zksim('walkthrough', 'restart', '--format', 'html', '--seed', '2');
    expect(html.out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.out).toContain('(seed 2)');
  });

  it('the new scenarios run under every checker with zksim run too', async () => {
    for (const name of ['leader-crash', 'partition', 'observer']) {
      const r = await zksim('run', name, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ scenario: name, ok: true, leader: 3 });
    }
  });

  it.each([
    [
      ['walkthrough'],
      /^zksim: walkthrough needs one name \(first-start, restart, leader-crash, partition, observer\)$/,
    ],
    [
      ['walkthrough', 'faults'],
      /^zksim: unknown walkthrough 'faults' \(known: first-start, restart, leader-crash, partition, observer, recipe-lock, recipe-master, recipe-config\)$/,
    ],
    [['walkthrough', 'first-start', 'restart'], /^zksim: walkthrough needs one name/],
    [['walkthrough', 'restart', '--servers', '3'], /^zksim: --servers does not apply to walkthrough restart$/],
    [
      ['walkthrough', 'first-start', '--servers', '1'],
      /^zksim: --servers: expected a whole number from 2 to 99 \(got '1'\)$/,
    ],
    [['walkthrough', 'first-start', '--format', 'pdf'], /^zksim: --format: expected text, md or html \(got 'pdf'\)$/],
    [['walkthrough', 'first-start', '--lang', 'fr'], /^zksim: --lang: expected en or zh \(got 'fr'\)$/],
    [['walkthrough', 'first-start', '--seed', 'x'], /^zksim: --seed: /],
    [['walkthrough', 'first-start', '--bogus'], /^zksim: unknown flag --bogus$/],
  ])('%j → one line, exit 2', async (argv, msg) => {
    const r = await zksim(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(msg);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
