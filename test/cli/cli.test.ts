// The zksim command: output shapes, exit codes (0 ok, 1 violation, 2 bad input), one-line
// errors, and no half-written files.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';

describe('zksim run', () => {
  it('--json prints one object with the documented fields', async () => {
    const r = await zksim('run', 'first-start', '--servers', '5', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining([
        'scenario',
        'seed',
        'ok',
        'violations',
        'traceHash',
        'events',
        'simTimeMs',
        'leader',
        'roles',
        'epoch',
      ]),
    );
    expect(j).toMatchObject({ scenario: 'first-start', seed: 3, ok: true, violations: [], leader: 3, epoch: 1 });
    expect(j.roles).toEqual({ 1: 'following', 2: 'following', 3: 'leading', 4: 'following', 5: 'following' });
  });

  it('prints a few readable lines without --json', async () => {
    const r = await zksim('run', 'restart', '--seed', '2');
    expect(r.code).toBe(0);
    expect(r.out).toContain('leader: 2 (epoch 2)');
    expect(r.out).toContain('checkers: all passed');
  });

  it('--order and --gap shape the start', async () => {
    const r = await zksim('run', 'first-start', '--servers', '3', '--order', '3,2,1', '--gap', '500', '--json');
    expect(JSON.parse(r.out).leader).toBe(3);
  });

  it('--trace writes every event as JSONL, and the hash matches the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-'));
    const file = join(dir, 'run.jsonl');
    const r = await zksim('run', 'first-start', '--servers', '3', '--seed', '9', '--trace', file, '--json');
    const j = JSON.parse(r.out);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(j.events);
    expect(JSON.parse(lines[0]!)).toMatchObject({ i: 0, t: 0, k: 'proc', n: 's1', what: 'start' });
    expect(readdirSync(dir)).toEqual(['run.jsonl']);
  });

  it.each([
    [
      ['run', 'nosuch'],
      /^zksim: unknown scenario 'nosuch' \(known: first-start, restart, faults, leader-crash, partition, observer, recipe-lock, recipe-lock-seq, recipe-master, recipe-leader(, [a-z-]+)*\)$/,
    ],
    [['run'], /^zksim: run needs one scenario name/],
    [['run', 'first-start', '--servers', 'x'], /^zksim: --servers: expected a whole number from 2 to 99 \(got 'x'\)$/],
    [['run', 'first-start', '--servers', '1'], /^zksim: --servers: expected a whole number from 2 to 99 \(got '1'\)$/],
    [['run', 'first-start', '--seed', '-1'], /^zksim: --seed: /],
    [['run', 'first-start', '--bogus'], /^zksim: unknown flag --bogus$/],
    [['run', 'first-start', '--seed'], /^zksim: --seed needs a value$/],
    [
      ['run', 'first-start', '--order', '1,2'],
      /^zksim: --order: must list each of servers 1..5 exactly once \(got 1,2\)$/,
    ],
    [['run', 'first-start', '--order', '1;2'], /^zksim: --order: expected server ids separated by commas/],
    [['run', 'restart', '--servers', '3'], /^zksim: --servers does not apply to scenario restart$/],
    [
      ['run', 'first-start', '--trace', '/nonexistent-dir/x.jsonl'],
      /^zksim: --trace: directory \/nonexistent-dir does not exist$/,
    ],
    [['frobnicate'], /^zksim: unknown command 'frobnicate'/],
    [['list', 'nodes'], /^zksim: list takes 'scenarios', 'checkers', 'bugs', 'faults' or 'releases' \(got 'nodes'\)$/],
    [['bench', '--only', 'disk'], /^zksim: --only: /],
    [['bench', '--only', 'engine', '--max-seeds', '5'], /^zksim: --max-seeds needs --only bugs$/],
    [['bench', '--only', 'engine', '--search', 'guided'], /^zksim: --search needs --only bugs or coverage$/],
    [['bench', '--only', 'engine,disk'], /^zksim: --only: expected parts/],
    [['bench', '--only', 'bugs', '--bug', 'ZK-1'], /^zksim: --bug: expected bug ids/],
  ])('bad input %j → exit 2 and one line', async (argv, pattern) => {
    const r = await zksim(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(pattern);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('a bad --trace leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-'));
    const r = await zksim('run', 'nosuch', '--trace', join(dir, 't.jsonl'));
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('zksim list, check-config, demo, bench', () => {
  it('lists scenarios and checkers', async () => {
    expect((await zksim('list')).out).toMatch(/^first-start .*\nrestart /);
    const checkers = (await zksim('list', 'checkers')).out.split('\n');
    expect(checkers).toEqual(
      expect.arrayContaining([
        'leadership',
        'election-liveness',
        'zxid-order',
        'quorum-commit',
        'durability',
        'client-consistency',
        'digest',
        'linearizable',
        'liveness',
      ]),
    );
    expect(checkers).toHaveLength(24);
  });

  it('check-config accepts a good zoo.cfg and names the key of a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-'));
    const good = join(dir, 'zoo1.cfg');
    writeFileSync(
      good,
      'tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/var/lib/zookeeper/zoo1\nclientPort=2182\nserver.1=localhost:2666:3666\nserver.2=localhost:2667:3667\nserver.3=localhost:2668:3668\n',
    );
    const ok = await zksim('check-config', good, '--myid', '1');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('3 voters, 0 observers');
    const bad = join(dir, 'bad.cfg');
    writeFileSync(bad, 'tickTime=fast\ndataDir=/d\nclientPort=2181\n');
    const r = await zksim('check-config', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^zksim: tickTime: /);
    expect((await zksim('check-config', good, '--myid', '7')).err).toMatch(/^zksim: myid: 7 is not one of the servers/);
    expect((await zksim('check-config', join(dir, 'missing.cfg'))).err).toMatch(/^zksim: cannot read /);
  });

  it('demo tells who leads and why, for each walkthrough, in the walkthrough words', async () => {
    const r = await zksim('demo');
    expect(r.code).toBe(0);
    const runs = r.out.split(/^== /m).slice(1);
    expect(runs).toHaveLength(3);
    const [five, three, restart] = runs as [string, string, string];
    expect(five).toContain('server 3 LOOKING → LEADING (votes of 1, 2 and 3)');
    expect(five).toContain('as the docs say (seed 003 §3.1), server 3 leads');
    expect(five).toMatch(/server 5 finds leader 3 in place/);
    expect(three).toContain('server 2 LOOKING → LEADING (votes of 1 and 2)');
    expect(three).toContain('as the docs say (seed 000, seed 003 §3.1), server 2 leads');
    // The restart: server 4 changes its vote on the zxid, 2 leads epoch 2 and DIFFs 4 the txn it lacks.
    expect(restart).toMatch(
      /server 4 hears from server \d: a vote for 2 \(epoch 1, zxid 0x100000008, myid 2\)\. That beats its own vote for 4 with the same epoch and a larger zxid \(newer data\): server 4 now votes for 2/,
    );
    expect(restart).toContain('leader 2 is established for epoch 2');
    expect(restart).toContain('leader 2 syncs server 4 with a DIFF');
    expect(restart).toContain('as the docs say (seed 003 §3.2), server 2 leads');
    for (const run of runs) expect(run).toContain('checkers: all 24 passed');
    // The story only: no election timeouts, no notification that changes nothing.
    expect(r.out).not.toContain('hears no notification');
    expect(r.out).not.toContain('the same as its own');
    expect(r.out).not.toContain('it keeps it');
  });

  it('bench --only engine --json reports engineEventsPerSec, beside the bare heap loop of the same run', async () => {
    const r = await zksim('bench', '--only', 'engine', '--json', '--events', '20000', '--repeats', '2');
    const j = JSON.parse(r.out);
    expect(j.engineEventsPerSec).toBeGreaterThan(0);
    expect(j.engineTraceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(j.engine.eventsPerSec.repeats).toBe(2);
    expect(j.engine.eventsPerSec.min).toBeLessThanOrEqual(j.engine.eventsPerSec.median);
    expect(j.engine.bare.median).toBeGreaterThan(0);
    expect(j.engine.ratio).toBeCloseTo(j.engine.eventsPerSec.median / j.engine.bare.median);
  });

  it('bench --only bugs hunts a catalog bug with each search, from seed 1, stopping at the first failing seed', async () => {
    const r = await zksim(
      'bench',
      '--only',
      'bugs',
      '--bug',
      'ZK-3911',
      '--max-seeds',
      '5',
      '--search',
      'random,swarm,guided',
      '--workers',
      '1',
      '--json',
    );
    const rows = JSON.parse(r.out).bugs as {
      bug: string;
      search: string;
      seed: number | null;
      seedsRun: number;
      checker: string;
      expected: boolean;
      wallSeconds: number;
    }[];
    expect(rows.map((b) => [b.bug, b.search])).toEqual([
      ['ZK-3911', 'random'],
      ['ZK-3911', 'swarm'],
      ['ZK-3911', 'guided'],
    ]);
    // Plain random faults first find it at seed 3 (seeds 1 and 2 pass with the bug on: the hunt
    // must not stop early); swarm testing's plan for seed 2 (generator v3) finds it, and the
    // guided search's first seeds are swarm's own.
    expect(rows.map((b) => b.seed)).toEqual([3, 2, 2]);
    for (const b of rows) {
      expect(b.seedsRun).toBe(b.seed);
      expect(b.checker).toBe('quorum-commit');
      expect(b.expected).toBe(true);
      expect(b.wallSeconds).toBeGreaterThan(0);
    }
  }, 180_000);
});

describe('the pseudo-cluster of seed 000', () => {
  const cfgs = [1, 2, 3].map((i) => new URL(`../fixtures/seed000/zoo${i}.cfg`, import.meta.url).pathname);

  const modes = (out: string) => out.split('\n').filter((l) => l.startsWith('Mode: '));

  it('status says what zkServer.sh status says: one leader, two followers', async () => {
    const r = await zksim('status', '--config', ...cfgs);
    expect(r.code).toBe(0);
    expect(modes(r.out).sort()).toEqual(['Mode: follower', 'Mode: follower', 'Mode: leader']);
    expect(r.out).toContain('Client port found: 2183. Client address: localhost. Client SSL: false.');
  });

  // Seed 000 starts its servers by hand, `zkServer.sh start zoo1.cfg`, then zoo2.cfg, then
  // zoo3.cfg, and status finds server 2 leading; so does the real 3.8.0 (test/fixtures/zk38/
  // election.md, run3-123, 3 s apart): FastLeaderElection elects the largest myid of the first
  // quorum up, {1, 2}, and server 3 joins it (receivedFollowingNotification).
  it('a pseudo-cluster starts one server after the other, as seed 000 does: server 2 leads; --together: server 3', async () => {
    const byHand = await zksim('status', '--config', ...cfgs);
    expect(modes(byHand.out)).toEqual(['Mode: follower', 'Mode: leader', 'Mode: follower']);
    const together = await zksim('status', '--config', ...cfgs, '--together');
    expect(modes(together.out)).toEqual(['Mode: follower', 'Mode: follower', 'Mode: leader']);
    // In the order given (the real run3-312 started 3, 1, 2: server 3 leads).
    const order312 = await zksim('status', '--config', cfgs[2]!, cfgs[0]!, cfgs[1]!, '--gap', '3000');
    expect(order312.out.match(/zoo\d\.cfg/g)).toEqual(['zoo3.cfg', 'zoo1.cfg', 'zoo2.cfg']);
    expect(modes(order312.out)).toEqual(['Mode: leader', 'Mode: follower', 'Mode: follower']);
    // The late joiner was synced by a SNAP of the leader at 0x100000000; server 1, of the first
    // quorum, by an empty DIFF at 0x0 (as the real server's srvr shows).
    const srvr = await zksim('4lw', 'srvr', '--config', ...cfgs);
    expect(srvr.out.match(/Zxid: 0x[0-9a-f]+/g)).toEqual(['Zxid: 0x0', 'Zxid: 0x100000000', 'Zxid: 0x100000000']);
  });

  it('--gap and --together: help, and one-line errors with exit 2', async () => {
    for (const cmd of ['cli', '4lw', 'status']) {
      const h = await zksim('help', cmd);
      expect(h.out).toMatch(/--gap MS +a pseudo-cluster's servers start one by one/);
      expect(h.out).toMatch(/--together +start a pseudo-cluster's servers all at the same moment/);
    }
    for (const [args, message] of [
      [['--gap', 'soon'], /^zksim: --gap: expected a whole number from 0 to 3600000 \(got 'soon'\)$/],
      [['--gap', '-5'], /^zksim: --gap: expected a whole number from 0 to 3600000 \(got '-5'\)$/],
      [['--gap', '100', '--together'], /^zksim: --gap and --together: give one of them, not both$/],
      [['--together', 'x'], /^zksim: status takes no positional arguments \(got 'x'\)$/],
      [
        ['--server', '127.0.0.1:1', '--together'],
        /^zksim: --together: starts simulated servers; --server asks running ones$/,
      ],
    ] as const) {
      const r = await zksim('status', '--config', ...cfgs, ...args);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toMatch(message);
    }
    const standalone = await zksim('status', '--gap', '10');
    expect(standalone.code).toBe(2);
    expect(standalone.err.trim()).toBe(
      'zksim: --gap: starts the servers of a pseudo-cluster; the default zoo.cfg is one standalone server',
    );
  });

  it('the shell works against the ensemble, zxids carry epoch 1', async () => {
    const r = await zksim(
      'cli',
      '--config',
      ...cfgs,
      '-c',
      'create /zk_test my_data; get -s /zk_test; set /zk_test junk; get /zk_test; ls /',
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('Created /zk_test');
    expect(r.out).toMatch(/^my_data\ncZxid = 0x1000000\d\d?$/m);
    expect(r.out).toContain('\njunk\n');
    expect(r.out).toContain('[zk_test, zookeeper]');
  });

  it('4lw srvr answers per server', async () => {
    const r = await zksim('4lw', 'srvr', '--config', ...cfgs);
    expect(r.out.match(/Mode: (leader|follower)/g)?.length).toBe(3);
    expect((await zksim('status', '--config', cfgs[0]!)).err).toMatch(
      /lists 3 servers; give one config per server \(got 1\)/,
    );
  });
});

describe('the installed command', () => {
  it('npx zksim runs through the bin with the right exit codes', () => {
    const bin = new URL('../../sim/cli/bin.mjs', import.meta.url).pathname;
    const ok = spawnSync(process.execPath, [bin, 'run', 'first-start', '--servers', '3'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('leader: 2');
    const bad = spawnSync(process.execPath, [bin, 'run', 'first-start', '--servers', 'many'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(bin)).toBe(true);
  });

  it('a reader that stops early (| head) ends it quietly, no EPIPE stack', () => {
    const bin = new URL('../../sim/cli/bin.mjs', import.meta.url).pathname;
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" demo | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^== First start/);
    expect(r.stderr).toBe('');
  });
});
