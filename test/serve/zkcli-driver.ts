// Drives Debian's real zkCli.sh (ZooKeeper 3.8.0's ZooKeeperMain, JLine disabled) through a
// recorded transcript of test/fixtures/zk38, as record/drv.py recorded it: one command line
// at a time on stdin, then wait for the output to go quiet; and renders what it printed the way
// test/shell/fixture-replay.ts renders the recording, so the two compare line for line.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Step, type Tagged, type Transcript, renderStep } from '../shell/fixture-replay.ts';

export const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';

/**
 * A step is done once it has printed as many lines as the recording shows for it (at most
 * STEP_LIMIT_MS), and then nothing more for QUIET_MS; so a step that prints more than it should
 * still shows it, and a slow JVM does not push a step's output into the next one.
 */
const QUIET_MS = 100;
const STEP_LIMIT_MS = 5000;

interface Proc {
  p: ChildProcess;
  session: string;
  exited: Promise<number>;
}

/**
 * Runs the transcript's inputs against `host` (the served port), as `recordedHost` in what it
 * prints. `shell` is the program and its first arguments, given `-server HOST` and the
 * recording's arguments: the real zkCli.sh, or `zksim cli` (zkcli-tcp.test.ts).
 */
export async function runRealZkCli(
  t: Transcript,
  host: string,
  recordedHost: string,
  paceMs = 0,
  shell: readonly string[] = [ZKCLI],
): Promise<string> {
  let lines: Tagged[] = [];
  let partial = new Map<string, string>();
  let lastOutput = Date.now();
  const procs = new Map<string, Proc>();
  let last: Proc | undefined;
  const rendered: string[] = [];
  const sub = (s: string) => s.split(host).join(recordedHost);

  const capture = (session: string, stream: 'out' | 'err') => (d: Buffer) => {
    lastOutput = Date.now();
    const key = `${session}\u0000${stream}`;
    const text = (partial.get(key) ?? '') + d.toString('utf8');
    const parts = text.split('\n');
    partial.set(key, parts.pop()!);
    for (const p of parts) lines.push({ session, stream, text: sub(p) });
  };
  const flush = (): Tagged[] => {
    for (const [key, text] of partial) {
      if (text === '') continue;
      const [session, stream] = key.split('\u0000') as [string, 'out' | 'err'];
      lines.push({ session, stream, text: sub(text) });
    }
    partial = new Map();
    const out = lines;
    lines = [];
    return out;
  };
  let expected = 0;
  const printed = () => lines.filter((l) => !l.text.startsWith('SLF4J: ')).length;
  const quiet = async () => {
    const t0 = Date.now();
    while (printed() < expected && Date.now() - t0 < STEP_LIMIT_MS) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, QUIET_MS));
    while (Date.now() - lastOutput < QUIET_MS) await new Promise((r) => setTimeout(r, 10));
  };
  const launch = (session: string, args: string[]): Proc => {
    const p = spawn(shell[0]!, [...shell.slice(1), '-server', host, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    p.stdout!.on('data', capture(session, 'out'));
    p.stderr!.on('data', capture(session, 'err'));
    p.stdin!.on('error', () => {});
    const exited = new Promise<number>((r) => p.on('exit', (code) => r(code ?? -1)));
    return { p, session, exited };
  };

  for (const step of t.steps as Step[]) {
    let header = step.header;
    expected = step.lines.filter((l) => !l.text.startsWith('SLF4J: ')).length;
    const began = Date.now();
    if (step.kind === 'start') {
      last = launch(step.session, step.cmdArgs ?? []);
      procs.set(step.session, last);
      if (step.cmdArgs !== null) {
        // One command per JVM: wait for it to finish (its exit is the next step).
        await Promise.race([last.exited, new Promise((r) => setTimeout(r, 60_000))]);
      } else {
        // The JVM starts and connects: wait for the SyncConnected event.
        const t0 = Date.now();
        while (
          !lines.some((l) => l.session === step.session && l.text.includes('state:SyncConnected')) &&
          Date.now() - t0 < 60_000
        )
          await new Promise((r) => setTimeout(r, 30));
      }
      await quiet();
    } else if (step.kind === 'cmd') {
      last = procs.get(step.session)!;
      last.p.stdin!.write(`${sub(step.line).split(recordedHost).join(host)}\n`);
      await quiet();
    } else if (step.kind === 'eof') {
      last!.p.stdin!.end();
      await quiet();
    } else if (step.kind === 'exit') {
      const code = await Promise.race([last!.exited, new Promise<number>((r) => setTimeout(() => r(-99), 60_000))]);
      await quiet();
      header = `>>> <exit status ${code}>`;
    } else if (step.kind === 'sleep') {
      await new Promise((r) => setTimeout(r, step.ms));
    }
    // A transcript whose output depends on the time between steps (a TTL, a session of a crashed
    // JVM expiring) is typed at the recording's pace: each step at least paceMs.
    while (Date.now() - began < paceMs) await new Promise((r) => setTimeout(r, 10));
    rendered.push(renderStep(header, flush()));
  }
  for (const p of procs.values()) p.p.kill('SIGKILL');
  return rendered.join('\n');
}
