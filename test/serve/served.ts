// A `zksim serve` process for a test: started with free ports and its own control socket,
// its ports read from what it prints, stopped with `zksim ctl stop` (or a signal).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../sim/cli/main.ts';

export const BIN = fileURLToPath(new URL('../../sim/cli/bin.mjs', import.meta.url));

export class Served {
  readonly dir = mkdtempSync(join(tmpdir(), 'zksim-serve-test-'));
  readonly ctl = join(this.dir, 'ctl.sock');
  readonly record = join(this.dir, 'record.json');
  private proc: ChildProcess | undefined;
  output = '';
  ports: number[] = [];
  private exited: Promise<number> | undefined;

  constructor(readonly args: string[]) {}

  get connectString(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** Start it and wait (up to 2 min: a loaded machine starts a Node process slowly) until it serves. */
  async start(): Promise<void> {
    const p = spawn(
      process.execPath,
      [BIN, 'serve', '--port-base', '0', '--ctl', this.ctl, '--record', this.record, ...this.args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.proc = p;
    this.exited = new Promise((r) => p.on('exit', (code) => r(code ?? -1)));
    p.stdout!.on('data', (d) => (this.output += d.toString()));
    p.stderr!.on('data', (d) => (this.output += d.toString()));
    const t0 = Date.now();
    while (!/^serving at/m.test(this.output)) {
      if (Date.now() - t0 > 120_000 || p.exitCode !== null)
        throw new Error(`zksim serve did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    this.ports = [...this.output.matchAll(/^server\.\d+: \S+ on 127\.0\.0\.1:(\d+)/gm)].map((m) => Number(m[1]));
  }

  /** `zksim ctl WORDS`: its output lines. */
  async ctlCmd(...words: string[]): Promise<string> {
    const lines: string[] = [];
    const code = await main(
      ['ctl', '--ctl', this.ctl, ...words],
      (s) => lines.push(s),
      (s) => lines.push(s),
    );
    if (code !== 0) throw new Error(`zksim ctl ${words.join(' ')}: ${lines.join('\n')}`);
    return lines.join('\n');
  }

  /** Stop serving; the exit code. */
  async stop(): Promise<number> {
    const p = this.proc!;
    // Stopping already (--stop-on-violation, --for): let it finish.
    if (p.exitCode === null && !this.output.includes('stopped: '))
      await this.ctlCmd('stop').catch(() => p.kill('SIGTERM'));
    return this.exited!;
  }

  /** Kill it (if still running) and remove its directory (the record file with it). */
  kill(): void {
    if (this.proc?.exitCode === null) this.proc.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until cond() holds (polling), or fail after ms. */
export async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
