// Replay files and the CI gate: a saved run replays to the same trace hash in a fresh
// process; a tampered or bad file is caught; the gate runs every case, re-runs a sample for
// determinism, and writes JUnit XML.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';
import { caseSeeds, junit, runGate } from '../../sim/harness/gate.ts';
import { DATA_RECIPE_GATE_SEEDS, GATE_CASES, GATE_VERSION } from '../../scenarios/gate.ts';
import { GENERATOR_VERSION } from '../../sim/faults/generator-version.ts';
import { parseReplay } from '../../sim/harness/replay.ts';
import { findScenario } from '../../scenarios/index.ts';
import { SUMMARY_FORMAT, parseSummary } from '../../sim/harness/fuzz-summary.ts';

const bin = new URL('../../sim/cli/bin.mjs', import.meta.url).pathname;

describe('replay files', () => {
  it('a run saved here replays in a fresh process to the same trace hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-replay-'));
    const file = join(dir, 'run.json');
    const saved = await zksim('run', 'faults', '--seed', '5', '--servers', '3', '--save-replay', file, '--json');
    expect(saved.code).toBe(0);
    const replay = JSON.parse(readFileSync(file, 'utf8'));
    expect(replay).toMatchObject({
      format: 'zksim-replay',
      version: 3,
      generator: GENERATOR_VERSION,
      seed: 5,
      scenario: 'faults',
      options: { servers: 3 },
      extraFaults: null,
    });
    // The plan and the workload the run used are in the file, as data.
    expect(replay.plan.faults.length).toBeGreaterThan(0);
    expect(replay.workload.clients).toHaveLength(3);
    expect(replay.expect.traceHash).toBe(JSON.parse(saved.out).traceHash);
    const child = spawnSync(process.execPath, [bin, 'replay', file, '--json'], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    const j = JSON.parse(child.stdout);
    expect(j.reproduced).toBe(true);
    expect(j.traceHash).toBe(replay.expect.traceHash);
  }, 60_000);

  it('a replay file of another generator version still replays (its plan and workload are data) and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-replay-'));
    const file = join(dir, 'run.json');
    // Up to 12 s: seed 4's first partition (13.25 s) is past the end, so the version-2 file below
    // (whose partitions would be read as resets, as that zksim's were) runs the same.
    await zksim('run', 'faults', '--seed', '4', '--servers', '3', '--until', '12000', '--save-replay', file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const same = await zksim('replay', file);
    expect(same.code).toBe(0);
    expect(same.out).toContain(`  generator: v${GENERATOR_VERSION}, as this zksim's\n`);
    writeFileSync(file, JSON.stringify({ ...saved, generator: GENERATOR_VERSION + 6 }));
    const other = await zksim('replay', file);
    expect(other.code).toBe(0);
    expect(other.out).toContain(
      `  generator: written with generator v${GENERATOR_VERSION + 6}; this zksim's is v${GENERATOR_VERSION}: the file's plan and workload replay as data, but run --seed 4 would draw others\n`,
    );
    expect(other.out).toMatch(/reproduced: the same trace hash/);
    // A version-2 file (before generator versions were recorded): an unknown generator.
    const { generator: _g, ...v2 } = { ...saved, version: 2 };
    writeFileSync(file, JSON.stringify(v2));
    const old = await zksim('replay', file, '--json');
    expect(old.code).toBe(0);
    expect(JSON.parse(old.out)).toMatchObject({
      reproduced: true,
      generator: { file: null, zksim: GENERATOR_VERSION },
    });
    // What a partition meant up to generator v2 (every crossing connection reset at once) is
    // what such a file's partitions are read as: reset faults; isolates say reset too.
    const loaded = parseReplay(readFileSync(file, 'utf8'), findScenario).replay;
    const types = loaded.plan!.faults.map((f) => f.type);
    expect(types).toContain('reset');
    expect(types).not.toContain('partition');
    const v3 = parseReplay(JSON.stringify(saved), findScenario).replay;
    expect(v3.plan!.faults.map((f) => f.type)).toContain('partition');
  });

  it('a version-1 replay file (extra faults in plan, no workload) still loads and reproduces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-replay-'));
    const file = join(dir, 'run.json');
    const plan = join(dir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify({
        faults: [
          { type: 'crash', at: 9000, servers: [2] },
          { type: 'restart', at: 12000, servers: [2] },
        ],
      }),
    );
    await zksim('run', 'first-start', '--servers', '3', '--seed', '2', '--faults', plan, '--save-replay', file);
    const v3 = JSON.parse(readFileSync(file, 'utf8'));
    expect(v3.extraFaults.faults).toHaveLength(2);
    const v1 = { ...v3, version: 1, plan: v3.extraFaults };
    delete v1.extraFaults;
    delete v1.generator;
    writeFileSync(file, JSON.stringify(v1));
    const r = await zksim('replay', file, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).reproduced).toBe(true);
  });

  it('a replay that does not reproduce says DIVERGED and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-replay-'));
    const file = join(dir, 'run.json');
    await zksim('run', 'first-start', '--servers', '3', '--seed', '2', '--save-replay', file);
    const r = JSON.parse(readFileSync(file, 'utf8'));
    r.expect.traceHash = '0000000000000000';
    writeFileSync(file, JSON.stringify(r));
    const out = await zksim('replay', file);
    expect(out.code).toBe(1);
    expect(out.out).toMatch(
      /DIVERGED: expected no violation \/ trace 0000000000000000, got no violation \/ trace [0-9a-f]{16}/,
    );
  });

  it('replay --until N stops at trace event N and shows the events leading to it and the roles there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-replay-'));
    const file = join(dir, 'run.json');
    await zksim('run', 'first-start', '--servers', '3', '--seed', '2', '--save-replay', file);
    const early = JSON.parse((await zksim('replay', file, '--until', '10', '--json')).out);
    expect(early.events.map((e: { i: number }) => e.i)).toEqual([...Array(11).keys()].slice(-11));
    expect(Object.values(early.roles)).not.toContain('leading');
    const r = await zksim('replay', file, '--until', '400', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.events).toHaveLength(20);
    expect(j.events.at(-1).i).toBe(400);
    expect(j.leader).toBe(2);
    // The text form prints each of the 20 events as its canonical line (reports/event-line.ts).
    const text = (await zksim('replay', file, '--until', '400')).out.split('\n');
    const lines = text.filter((l) => /^ {2}\s*\d+\.\d{3}ms /.test(l));
    expect(lines).toHaveLength(20);
    expect(lines.every((l) => /^ {2}\s*\d+\.\d{3}ms (s\d|c\d|-)\s+[a-z]/.test(l))).toBe(true);
    expect(lines.some((l) => / send [A-Za-z.]+ to=s\d /.test(l))).toBe(true);
    const past = await zksim('replay', file, '--until', '999999');
    expect(past.code).toBe(2);
    expect(past.err).toMatch(/^zksim: --until: the run has only \d+ events/);
  });

  it.each([
    ['not json', /^zksim: replay file is not JSON/],
    ['{"format":"zksim-replay","version":7}', /^zksim: replay file version 7 is newer than this zksim reads \(3\)$/],
    [
      '{"format":"zksim-replay","version":3,"generator":0,"seed":1,"scenario":"faults","options":{},"bugs":[],"plan":null,"extraFaults":null,"workload":null,"expect":{"checker":null,"message":null,"traceHash":"0123456789abcdef"}}',
      /^zksim: replay file generator: /,
    ],
    ['{"format":"other","version":1}', /^zksim: replay file format: /],
    [
      '{"format":"zksim-replay","version":1,"seed":1,"scenario":"nope","options":{},"bugs":[],"plan":null,"workload":null,"expect":{"checker":null,"message":null,"traceHash":"0123456789abcdef"}}',
      /^zksim: replay file scenario: unknown scenario 'nope'$/,
    ],
    [
      '{"format":"zksim-replay","version":1,"seed":1,"scenario":"faults","options":{"servers":1},"bugs":[],"plan":null,"workload":null,"expect":{"checker":null,"message":null,"traceHash":"x"}}',
      /^zksim: replay file options.servers: /,
    ],
    [
      '{"format":"zksim-replay","version":1,"seed":4,"scenario":"faults","options":{"servers":3},"bugs":[],"plan":null,"workload":null,"expect":{"checker":null,"message":null,"traceHash":"0123456789abcdef"}}',
      /^zksim: replay file version 1 of the faults scenario: its client workload was not data then and cannot be rebuilt; run the seed again \(zksim run faults --seed 4 --save-replay F\)$/,
    ],
    [
      '{"format":"zksim-replay","version":2,"seed":1,"scenario":"faults","options":{},"bugs":[],"plan":null,"extraFaults":null,"workload":{"clients":[{"startMs":0,"sessionTimeoutMs":10000,"ops":[{"op":"get","path":"/a","thinkMs":1}]}]},"expect":{"checker":null,"message":null,"traceHash":"0123456789abcdef"}}',
      /^zksim: replay file workload.clients\[0\].ops\[0\].op: /,
    ],
    [
      '{"format":"zksim-replay","version":2,"seed":1,"scenario":"faults","options":{},"bugs":[],"plan":null,"extraFaults":null,"workload":{"clients":[{"startMs":0,"sessionTimeoutMs":10000,"ops":[{"op":"create","path":"a","thinkMs":1}]}]},"expect":{"checker":null,"message":null,"traceHash":"0123456789abcdef"}}',
      /^zksim: replay file workload.clients\[0\].ops\[0\].path: not a valid ZooKeeper path$/,
    ],
    [
      '{"format":"zksim-replay","version":2,"seed":1,"scenario":"faults","options":{},"bugs":[],"plan":{"faults":[{"type":"crash","on":{"event":"nope"},"target":"leader"}]},"extraFaults":null,"workload":null,"expect":{"checker":null,"message":null,"traceHash":"0123456789abcdef"}}',
      /^zksim: replay file plan.faults\[0\].on.event: unknown trace event kind/,
    ],
  ])('a bad replay file %# is one line, exit 2', async (text, pattern) => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-replay-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    const r = await zksim('replay', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('fuzz --out makes the directory and writes only the summary when every seed passes', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zksim-fuzz-')), 'out');
    const r = await zksim('fuzz', 'first-start', '--seeds', '1..3', '--out', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ runs: 3, failures: [] });
    expect(readdirSync(dir)).toEqual(['fuzz-summary.json']);
  });
});

describe('fuzz on workers and shards', () => {
  const core = (out: string) => {
    const j = JSON.parse(out);
    return { runs: j.runs, failures: j.failures, events: j.events, simTimeMs: j.simTimeMs };
  };

  it('a sweep on 2 worker threads sums to exactly the sequential sweep', async () => {
    const seq = await zksim('fuzz', 'faults', '--servers', '3', '--seeds', '1..6', '--json');
    const par = await zksim('fuzz', 'faults', '--servers', '3', '--seeds', '1..6', '--workers', '2', '--json');
    expect(seq.code).toBe(0);
    expect(par.code).toBe(0);
    expect(JSON.parse(par.out).workers).toBe(2);
    expect(core(par.out)).toEqual(core(seq.out));
    // the determinism self-check re-ran the first of every 20 seeds, on either path
    expect(JSON.parse(seq.out).rechecked).toBe(1);
    expect(JSON.parse(par.out).rechecked).toBe(1);
  }, 60_000);

  it('shards 1/3, 2/3, 3/3 partition the range: their runs and events add up to the whole', async () => {
    const whole = core((await zksim('fuzz', 'first-start', '--seeds', '1..7', '--json')).out);
    const parts = [];
    for (const shard of ['1/3', '2/3', '3/3'])
      parts.push(core((await zksim('fuzz', 'first-start', '--seeds', '1..7', '--shard', shard, '--json')).out));
    expect(parts.map((p) => p.runs)).toEqual([3, 2, 2]);
    expect(parts.reduce((a, p) => a + p.events, 0)).toBe(whole.events);
    expect(parts.reduce((a, p) => a + p.simTimeMs, 0)).toBe(whole.simTimeMs);
  });

  it('--time-limit-s stops handing out seeds and names the first seed not run', async () => {
    const r = JSON.parse(
      (await zksim('fuzz', 'faults', '--seeds', '1..50', '--workers', '1', '--time-limit-s', '0.001', '--json')).out,
    );
    expect(r.runs).toBeLessThanOrEqual(1);
    expect(r.timeLimitStoppedBefore).toBe(1 + r.runs);
  });

  it('--max-failures N: the sweep is the full sweep cut after its N-th failing seed, on 1 or 2 workers', async () => {
    const args = ['fuzz', 'faults', '--servers', '3', '--seeds', '1..16', '--bug', 'ZK-3911', '--json'];
    const full = JSON.parse((await zksim(...args, '--workers', '1')).out);
    expect(full.failures.length).toBeGreaterThanOrEqual(2); // ZK-3911 fails a few seeds in 16
    const second = full.failures[1].seed as number;
    for (const workers of ['1', '2']) {
      const r = await zksim(...args, '--workers', workers, '--max-failures', '2');
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out);
      expect(j.failures).toEqual(full.failures.slice(0, 2));
      expect(j.runs).toBe(second); // seeds 1..second, none after
      expect(j.stoppedBy).toBe('max-failures');
      expect(j.maxFailuresStoppedBefore).toBe(second + 1);
    }
    const once = await zksim(...args.filter((a) => a !== '--json'), '--workers', '2', '--stop-on-failure');
    expect(once.out).toMatch(
      `; stopped at failure 1 (--stop-on-failure): seeds from ${full.failures[0].seed + 1} not run`,
    );
  }, 120_000);

  it('a summary file says why a shard stopped early; a version-2 file that stopped, stopped at its time limit', () => {
    const v2 = {
      format: SUMMARY_FORMAT,
      version: 2,
      generator: GENERATOR_VERSION,
      scenario: 'faults',
      options: {},
      range: { from: 1, to: 9 },
      shard: { index: 1, count: 1 },
      stoppedBefore: 4,
      runs: 3,
      rechecked: 1,
      events: 10,
      simTimeMs: 10,
      failures: [],
    };
    expect(parseSummary(JSON.stringify(v2), 'old.json')).toMatchObject({
      version: 4,
      stoppedBy: 'time-limit',
      search: 'random',
    });
    expect(parseSummary(JSON.stringify({ ...v2, stoppedBefore: null }), 'old.json').stoppedBy).toBeNull();
    expect(() => parseSummary(JSON.stringify({ ...v2, version: 3, stoppedBy: 'bored' }), 'new.json')).toThrow(
      /new\.json: fuzz summary stoppedBy: /,
    );
    // version 3 had no search: its seeds ran their own plans, swarm-drawn if its options said so
    const v3 = { ...v2, version: 3, stoppedBy: 'time-limit', options: { swarm: true } };
    expect(parseSummary(JSON.stringify(v3), 'v3.json')).toMatchObject({ version: 4, search: 'swarm' });
    expect(() => parseSummary(JSON.stringify({ ...v3, version: 4 }), 'v4.json')).toThrow(
      /v4\.json: fuzz summary search: /,
    );
  });

  it.each([
    [['--time-limit-s', 'soon'], /^zksim: --time-limit-s: expected a number of seconds/],
    [['--shard', '3/2'], /^zksim: --shard: expected I\/N with 1 <= I <= N/],
    [['--shard', 'half'], /^zksim: --shard: /],
    [['--workers', '0'], /^zksim: --workers: /],
    [['--max-failures', '0'], /^zksim: --max-failures: /],
    [['--stop-on-failure', '--max-failures', '3'], /^zksim: --stop-on-failure is --max-failures 1: give one of them$/],
  ])('a bad flag %j is one line, exit 2', async (flag, pattern) => {
    const r = await zksim('fuzz', 'first-start', '--seeds', '1..2', ...flag);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});

describe('fuzz-merge', () => {
  const shardDirs = async (count: number) => {
    const root = mkdtempSync(join(tmpdir(), 'zksim-merge-'));
    const dirs = [];
    for (let i = 1; i <= count; i++) {
      const dir = join(root, `s${i}`);
      expect(
        (
          await zksim(
            'fuzz',
            'first-start',
            '--servers',
            '3',
            '--seeds',
            '1..7',
            '--shard',
            `${i}/${count}`,
            '--workers',
            '1',
            '--out',
            dir,
          )
        ).code,
      ).toBe(0);
      dirs.push(dir);
    }
    return dirs;
  };

  it('the merged shards of a campaign are the whole sweep; a missing shard makes it incomplete', async () => {
    const whole = JSON.parse(
      (await zksim('fuzz', 'first-start', '--servers', '3', '--seeds', '1..7', '--workers', '1', '--json')).out,
    );
    const dirs = await shardDirs(3);
    const m = await zksim('fuzz-merge', ...dirs, '--json');
    expect(m.code).toBe(0);
    expect(JSON.parse(m.out)).toMatchObject({
      complete: true,
      shards: ['1/3', '2/3', '3/3'],
      runs: 7,
      events: whole.events,
      simTimeMs: whole.simTimeMs,
      failures: [],
    });
    const part = await zksim('fuzz-merge', dirs[0]!, dirs[2]!);
    expect(part.out).toMatch(
      new RegExp(
        `^5 seeds of first-start 1\\.\\.7 from shards 1/3 3/3 \\(generator v${GENERATOR_VERSION}, search random\\) \\(INCOMPLETE`,
      ),
    );
  });

  it('a failure in any shard fails the merge (exit 1), listed in seed order', async () => {
    const dirs = await shardDirs(2);
    const file = join(dirs[1]!, 'fuzz-summary-shard2of2.json');
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j.failures = [{ seed: 4, checker: 'zxid-order', message: 'made up for the test', time: 1, event: 2 }];
    writeFileSync(file, JSON.stringify(j));
    const m = await zksim('fuzz-merge', ...dirs);
    expect(m.code).toBe(1);
    expect(m.out.split('\n')[0]).toBe('seed 4: zxid-order: made up for the test');
  });

  it('refuses a shard given twice, mixed campaigns and a bad summary: one line, exit 2', async () => {
    const dirs = await shardDirs(2);
    const twice = await zksim('fuzz-merge', dirs[0]!, dirs[0]!);
    expect([twice.code, twice.err]).toEqual([2, 'zksim: shard 1/2 is given twice']);
    const other = join(mkdtempSync(join(tmpdir(), 'zksim-merge-')), 'o');
    await zksim(
      'fuzz',
      'first-start',
      '--servers',
      '5',
      '--seeds',
      '1..7',
      '--shard',
      '2/2',
      '--workers',
      '1',
      '--out',
      other,
    );
    const mixed = await zksim('fuzz-merge', dirs[0]!, other);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/^zksim: summaries are of different campaigns: /);
    // The same campaign drawn by another generator (here: shard 2 as a zksim with generator v7 wrote it).
    const file2 = join(dirs[1]!, 'fuzz-summary-shard2of2.json');
    const shard2 = readFileSync(file2, 'utf8');
    expect(JSON.parse(shard2)).toMatchObject({ version: 4, generator: GENERATOR_VERSION, stoppedBy: null });
    writeFileSync(file2, JSON.stringify({ ...JSON.parse(shard2), generator: 7 }));
    const regenerated = await zksim('fuzz-merge', ...dirs);
    expect([regenerated.code, regenerated.err]).toEqual([
      2,
      `zksim: summaries are of different generators: generator v7 vs v${GENERATOR_VERSION} (the same seeds under another generator are other runs; rerun the shards with one zksim)`,
    ]);
    // A version-1 summary (before generators were recorded) is of an unknown generator: it merges only with its like.
    const { generator: _g, stoppedBy: _s, search: _q, ...v1 } = { ...JSON.parse(shard2), version: 1 };
    writeFileSync(file2, JSON.stringify(v1));
    expect((await zksim('fuzz-merge', ...dirs)).err).toMatch(
      `different generators: generator unknown vs v${GENERATOR_VERSION} `,
    );
    writeFileSync(file2, shard2);
    const file = join(dirs[1]!, 'fuzz-summary-shard2of2.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), runs: -1 }));
    const bad = await zksim('fuzz-merge', ...dirs);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^zksim: .*fuzz-summary-shard2of2\.json: fuzz summary runs: /);
    expect(bad.err.split('\n')).toHaveLength(1);
  });
});

describe('gate', () => {
  it('runs every case, re-runs a sample for determinism, writes JUnit XML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-gate-'));
    const file = join(dir, 'gate.xml');
    const r = await zksim('gate', '--seeds', '2', '--junit', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^gate v4: 34 runs \(17 cases × seeds 1\.\.2\), 2 re-run for determinism: 0 failed/);
    const x = readFileSync(file, 'utf8');
    expect(x).toContain('<testsuite name="zksim-gate-v4" tests="34" failures="0">');
    expect(x.match(/<testcase /g)).toHaveLength(34);
    expect(x).toContain('classname="zksim.recipe-queue" name="correct seed 2"');
  });

  it('JUnit marks violations and determinism failures', () => {
    const [run] = runGate(GATE_CASES.slice(0, 1), 1, 1);
    const bad = { ...run!, determinism: 'trace hash a then b; event 7: x vs y' };
    const violated = {
      ...run!,
      result: {
        ...run!.result,
        ok: false,
        violations: [{ checker: 'durability', message: 'lost <it>', time: 1, event: 2 }],
      },
    };
    const x = junit([bad, violated], GATE_VERSION, () => 0.5);
    expect(x).toContain('failures="2"');
    expect(x).toContain('<failure type="determinism" message="trace hash a then b; event 7: x vs y"/>');
    expect(x).toContain('<failure type="durability" message="lost &lt;it&gt;">');
    expect(GATE_CASES.map((c) => c.scenario.name)).toEqual([
      'first-start',
      'first-start',
      'restart',
      'leader-crash',
      'partition',
      'observer',
      'faults',
      'faults',
      'recipe-lock',
      'recipe-lock-seq',
      'recipe-master',
      'recipe-leader',
      'recipe-config',
      'recipe-membership',
      'recipe-registry',
      'recipe-queue',
      'recipe-barrier',
    ]);
  });

  it('keeps a capped case to its seeds: the data recipes run 1..5 of a longer gate', () => {
    const c = GATE_CASES.find((g) => g.scenario.name === 'recipe-queue')!;
    expect([caseSeeds(c, 25), caseSeeds(c, 2)]).toEqual([DATA_RECIPE_GATE_SEEDS, 2]);
    const fenced = GATE_CASES.find((g) => g.label === 'fenced')!;
    expect(caseSeeds(fenced, 25)).toBe(25);
  });
});
