// Replays a recorded zkCli transcript of test/fixtures/zk38 (its .annotated.txt form: every
// output line tagged with session and stream) through ZooKeeperMain over the fake server, and
// renders both sides in one comparable text: per step, per session and stream, the lines.
import { ZooKeeperMain } from '../../protocol/client/shell/ZooKeeperMain.ts';
import { type FakeOptions, FakeServer, type FakeZooKeeper } from './fake-client.ts';

type Stream = 'out' | 'err';

export type Step =
  | { kind: 'start'; session: string; host: string; cmdArgs: string[] | null; header: string; lines: Tagged[] }
  | { kind: 'cmd'; session: string; line: string; header: string; lines: Tagged[] }
  | { kind: 'exit'; status: number; header: string; lines: Tagged[] }
  | { kind: 'eof'; header: string; lines: Tagged[] }
  | { kind: 'sleep'; ms: number; header: string; lines: Tagged[] };

export interface Tagged {
  session: string;
  stream: Stream;
  text: string;
}

export interface Transcript {
  options: FakeOptions;
  steps: Step[];
}

/** Parses X.annotated.txt. */
export function parseAnnotated(text: string): Transcript {
  const options: FakeOptions = {};
  const steps: Step[] = [];
  for (const raw of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^(?:([A-Z])\.)?(out|err)\| ?(.*)$/.exec(raw))) {
      steps.at(-1)?.lines.push({ session: m[1] ?? '', stream: m[2] as Stream, text: m[3]! });
    } else if ((m = /^# driver: sleep (\d+) s/.exec(raw))) {
      steps.push({ kind: 'sleep', ms: Number(m[1]) * 1000, header: raw, lines: [] });
    } else if (raw.startsWith('# ')) {
      if (raw.includes('extendedTypesEnabled=true')) options.extendedTypes = true;
      if (raw.includes('enforceQuota=true')) options.enforceQuota = true;
    } else if ((m = /^>>> <(?:zkCli exited with status|exit status) (\d+)>$/.exec(raw))) {
      steps.push({ kind: 'exit', status: Number(m[1]), header: raw, lines: [] });
    } else if (raw === '>>> <close stdin (EOF)>') {
      steps.push({ kind: 'eof', header: raw, lines: [] });
    } else if ((m = /^>>> (?:\[([A-Z])\] )?\$ \S+ -server (\S+)\s*(.*)$/.exec(raw))) {
      const rest = m[3]!.trim();
      const cmdArgs = rest.startsWith('(stdin is a pipe)') ? null : rest.split(/\s+/);
      steps.push({ kind: 'start', session: m[1] ?? '', host: m[2]!, cmdArgs, header: raw, lines: [] });
    } else if ((m = /^>>> (?:\[([A-Z])\] )?(.*)$/.exec(raw))) {
      steps.push({ kind: 'cmd', session: m[1] ?? '', line: m[2]!, header: raw, lines: [] });
    }
  }
  return { options, steps };
}

/** What may differ between two recordings: dates, session ids, JVM noise. */
function normalizeLine(text: string): string {
  return text
    .replace(/^(ctime|mtime) = .*$/, '$1 = <time>')
    .replace(/^ephemeralOwner = 0x(?!0$)[0-9a-f]+$/, 'ephemeralOwner = 0x<session>');
}

/** One step as text: its header, then its lines grouped by session and stream. */
export function renderStep(header: string, lines: Tagged[]): string {
  const groups = new Map<string, string[]>();
  for (const l of lines) {
    if (l.text.startsWith('SLF4J: ')) continue;
    const key = `${l.session === '' ? '' : `${l.session}.`}${l.stream}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(`${key}| ${normalizeLine(l.text)}`);
  }
  const keys = [...groups.keys()].sort();
  return [header, ...keys.flatMap((k) => groups.get(k)!)].join('\n');
}

/** Exit lines are compared by status only (the driver words them two ways). */
function headerOf(step: Step): string {
  return step.kind === 'exit' ? `>>> <exit status ${step.status}>` : step.header;
}

export function renderExpected(t: Transcript): string {
  return t.steps.map((s) => renderStep(headerOf(s), s.lines)).join('\n');
}

/** Time a recorded step took: the driver's 0.6 s of quiet plus the command itself. */
const STEP_MS = 650;

interface Session {
  main: ZooKeeperMain;
  fake: FakeZooKeeper;
  exits: number[];
}

/** Runs the transcript's inputs and renders what the shell printed, step by step. */
export async function replayTranscript(t: Transcript): Promise<string> {
  const server = new FakeServer(t.options);
  const sessions = new Map<string, Session>();
  const buffers = new Map<string, string>();
  let last: Session | undefined;
  const rendered: string[] = [];

  const capture = (session: string, stream: Stream) => (text: string) => {
    const key = `${session}\u0000${stream}`;
    buffers.set(key, (buffers.get(key) ?? '') + text);
  };
  const drain = (): Tagged[] => {
    const lines: Tagged[] = [];
    for (const [key, text] of buffers) {
      const [session, stream] = key.split('\u0000') as [string, Stream];
      const parts = text.split('\n');
      if (parts.at(-1) === '') parts.pop();
      for (const p of parts) lines.push({ session, stream, text: p });
    }
    buffers.clear();
    return lines;
  };

  for (const step of t.steps) {
    if (step.kind === 'start') {
      const fake = server.open(step.host);
      const exits: number[] = [];
      const main = new ZooKeeperMain(fake, capture(step.session, 'out'), {
        err: capture(step.session, 'err'),
        connect: (cs) => {
          const s = server.open(cs);
          queueMicrotask(() => s.connected());
          return s;
        },
        onExit: (code) => {
          exits.push(code);
          // a JVM that exits without close() leaves its session to expire later
          if (main.client.state() !== 'CLOSED') (main.client as FakeZooKeeper).detach();
        },
      });
      last = { main, fake, exits };
      sessions.set(step.session, last);
      main.startup({ interactive: step.cmdArgs === null });
      if (step.cmdArgs === null) fake.connected();
      else {
        fake.connectOnFirstCall();
        await main.runCommand(step.cmdArgs);
      }
    } else if (step.kind === 'cmd') {
      last = sessions.get(step.session)!;
      await last.main.executeLine(step.line);
    } else if (step.kind === 'eof') {
      // end of input: run() returns and the JVM exits with the last status, session left open
      last!.main.exited = true;
      last!.exits.push(last!.main.exitCode);
      (last!.main.client as FakeZooKeeper).detach();
    } else if (step.kind === 'sleep') {
      server.advance(step.ms);
    }
    // the recording driver waits for 0.6 s of quiet after each step
    if (step.kind === 'start' || step.kind === 'cmd') server.advance(STEP_MS);
    const header = step.kind === 'exit' ? `>>> <exit status ${last?.exits.at(-1) ?? 'none'}>` : step.header;
    rendered.push(renderStep(header, drain()));
  }
  return rendered.join('\n');
}
