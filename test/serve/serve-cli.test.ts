// zksim serve, ctl and replay of a record as commands: bad input is one line and exit 2; a
// checker violation is printed live and --stop-on-violation stops serving (exit 1), and the
// record replays to the same violation and trace hash; four-letter words and a malformed frame
// on a served client port get what 3.8 gives them, and the ensemble keeps serving.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { BIN, Served } from './served.ts';

async function zksim(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out, err };
}

/** Bytes to a port, half-close, everything until the server closes. */
function exchange(port: number, bytes: Buffer): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = createConnection(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    s.on('connect', () => {
      s.write(bytes);
      s.end();
    });
    s.on('data', (d) => chunks.push(d));
    s.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), closed: true }));
    s.on('error', () => {});
    setTimeout(() => {
      s.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closed: false });
    }, 5000);
  });
}

describe('zksim serve: bad input', () => {
  it.each([
    [['serve', '--servers', '0'], '--servers: expected a whole number from 1 to 9'],
    [['serve', '--speed', '0'], '--speed: expected a speed above 0 and at most 100'],
    [
      ['serve', '--servers', '3', '--config', 'x.cfg'],
      '--config: give either --config files or --servers/--observers, not both',
    ],
    [['serve', '--faults', '/nonexistent/plan.json'], '--faults: cannot read /nonexistent/plan.json'],
    [['serve', '--zk', '3.7.0'], '--zk'],
    [['serve', '--record', '/nonexistent/dir/r.json'], '--record'],
    [['ctl', '--ctl', '/nonexistent/zksim.sock', 'status'], 'ctl: no zksim serve on /nonexistent/zksim.sock'],
  ])('%j: one line naming it, exit 2', async (argv, message) => {
    const r = await zksim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(message);
  });

  it('a record file with a bad field is one line naming the field', async () => {
    const served = new Served([]);
    const f = join(served.dir, 'bad.json');
    writeFileSync(
      f,
      JSON.stringify({ format: 'zksim-serve-record', version: 1, setup: {}, servedFromUs: 0, inputs: [], end: {} }),
    );
    const r = await zksim('replay', f);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/bad\.json: setup\.seed: /)]);
    served.kill();
  });
});

describe('zksim serve: live checkers, four-letter words, bad frames, ctl', () => {
  it('prints a violation as it happens; --stop-on-violation stops (exit 1); the record replays to it', async () => {
    // ZOOKEEPER-1291: the leader never writes its acceptedEpoch — epoch-monotonic fires at once.
    const served = new Served(['--servers', '3', '--bug', 'ZK-1291', '--stop-on-violation']);
    await served.start().catch(() => {});
    expect(await served.stop()).toBe(1);
    expect(served.output).toMatch(
      /^violation: epoch-monotonic at [\d.]+ ms \(event \d+\): s\d: currentEpoch 1 > acceptedEpoch 0$/m,
    );
    expect(served.output).toContain('stopped: a checker found a violation (--stop-on-violation)');
    const hash = /trace ([0-9a-f]{16})/.exec(served.output)![1];
    let replay = '';
    try {
      execFileSync(process.execPath, [BIN, 'replay', served.record], { encoding: 'utf8' });
    } catch (e) {
      replay = (e as { stdout: string; status: number }).stdout;
      expect((e as { status: number }).status).toBe(1);
    }
    expect(replay).toContain(`reproduced: the same trace hash ${hash}`);
    expect(replay).toContain('epoch-monotonic');
    served.kill();
  });

  it('answers four-letter words on the client port; a bad frame costs only its connection', async () => {
    const served = new Served(['--servers', '3']);
    await served.start();
    try {
      const [p1, p2, p3] = served.ports as [number, number, number];
      expect((await exchange(p1, Buffer.from('ruok'))).text).toBe('imok');
      const modes = await Promise.all(
        [p1, p2, p3].map(async (p) => /Mode: (\w+)/.exec((await exchange(p, Buffer.from('srvr'))).text)?.[1]),
      );
      expect(modes.sort()).toEqual(['follower', 'follower', 'leader']);
      // Len error: a length over jute.maxbuffer; an unknown word is read as a length too.
      const len = Buffer.alloc(4);
      len.writeInt32BE(0x7fffffff);
      expect(await exchange(p2, len)).toEqual({ text: '', closed: true });
      expect(await exchange(p2, Buffer.from('abcd'))).toEqual({ text: '', closed: true });
      expect((await exchange(p2, Buffer.from('ruok'))).text).toBe('imok');
      // zksim status and zksim 4lw ask served servers over TCP too.
      const st = await zksim('status', '--server', served.connectString);
      expect(st.out.filter((l) => l.startsWith('Mode: ')).sort()).toEqual([
        'Mode: follower',
        'Mode: follower',
        'Mode: leader',
      ]);
      expect((await zksim('4lw', 'ruok', '--server', `127.0.0.1:${p3}`)).out).toEqual(['imok']);
      const status = await served.ctlCmd('status');
      expect(status).toMatch(/violations 0/);
      expect(status).toMatch(/leading/);
    } finally {
      expect(await served.stop()).toBe(0);
      served.kill();
    }
  });

  it('ctl: a bad command changes nothing (exit 1, one line); a good one is recorded', async () => {
    const served = new Served(['--servers', '3']);
    await served.start();
    try {
      const bad = await zksim('ctl', '--ctl', served.ctl, 'partition', '1');
      expect(bad.code).toBe(1);
      expect(bad.err).toEqual([
        'zksim ctl: partition needs two or more groups separated by /, like: partition 1 / 2,3',
      ]);
      expect((await zksim('ctl', '--ctl', served.ctl, 'crash', '7')).err).toEqual([
        expect.stringContaining('server 7'),
      ]);
      expect(await served.ctlCmd('isolate', '1', '2000')).toMatch(/^ok: isolate 1 2000 at [\d.]+ ms$/);
      expect(await served.ctlCmd('fault', '{"type":"latency","latencyMs":20}')).toMatch(/^ok: fault /);
      const wrong = await zksim('ctl', '--ctl', served.ctl, 'fault', '{"type":"latency","delayMs":20}');
      expect(wrong.err).toEqual([expect.stringMatching(/^zksim ctl: fault latencyMs: /)]);
    } finally {
      await served.stop();
    }
    const replay = execFileSync(process.execPath, [BIN, 'replay', served.record], { encoding: 'utf8' });
    expect(replay).toMatch(/2 inputs over/);
    expect(replay).toContain('reproduced: the same trace hash');
    served.kill();
  });
});
