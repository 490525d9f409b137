// Golden transcripts: replay a session recorded from the real ZooKeeper 3.8.0
// (test/fixtures/zk38/*.txt) against the simulator, in ONE simulated world, and render what
// the simulated zkCli sessions and four-letter words print in the fixture's own format, so
// the two texts can be compared line by line.
//
// Fixture format (see test/fixtures/zk38/README.md):
//   >>> [X] $ .../zkCli.sh -server H:P   (stdin is a pipe)   an interactive zkCli session X starts
//   >>> $ .../zkCli.sh -server H:P cmd args                   a one-shot zkCli (stdout / stderr apart)
//   >>> [X] cmd                                               a command line written to session X
//   >>> [X] <close stdin (EOF)>                               zkCli's stdin ends
//   >>> <zkCli exited with status N> / <exit status N>        what the driver saw of the process
//   >>> $ echo WORD | nc -q 2 H P                             a four-letter word
//   >>> [srvr] Zxid: 0x..   <- note                           `echo srvr | nc | grep Zxid`
//   # ...                                                     comments (`# driver: sleep N s` sleeps)
//   SLF4J: ...                                                JVM noise (Debian's jar), dropped
//   anything else                                             output of the step above
//
// Normalisation (applied to both sides, nothing else): see `normalize` — ctime/mtime and other
// wall-clock dates, session ids, client ports, latency/timing numbers of srvr/stat/cons/mntr,
// the Debian/JVM build specifics of envi and mntr, and dump's empty connection-expiry buckets.
// Where several sessions print in one step,
// the real interleaving is whatever arrived first, so such a step's lines are grouped by session
// (the commanding session first, then the others by name) on both sides; the annotated fixture
// says which session printed each real line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ZooKeeperMain } from '../../protocol/client/shell/ZooKeeperMain.ts';
import { ZK_VERSION } from '../../protocol/server/FourLetterWords.ts';
import { installStandalone } from '../../scenarios/standalone.ts';
import { fourLetterWord } from '../../sim/cli/fourlw.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';
import { World } from '../../sim/engine/world.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/zk38/', import.meta.url));

export function readFixture(name: string): { txt: string; annotated: string } {
  return {
    txt: readFileSync(`${FIXTURE_DIR}${name}.txt`, 'utf8'),
    annotated: readFileSync(`${FIXTURE_DIR}${name}.annotated.txt`, 'utf8'),
  };
}

// ---- parsing ----------------------------------------------------------------------------

/** One driver line (or comment) and the lines printed after it, each with who printed it. */
export interface Step {
  driver: string;
  /** The session a command line was written to ('' untagged), if the driver line is a command. */
  session?: string;
  lines: { who: string; text: string }[];
}

const isNoise = (line: string) => line.startsWith('SLF4J: ');
const isDriver = (line: string) => line.startsWith('>>> ') || line.startsWith('#');
/** Where the fixture stops being a transcript (zxid-consumption appends the txn log dump). */
const END_MARKER = '# ---- Transaction log';

/** Session tag of a command line: `>>> [A] ls /` → 'A', `>>> ls /` → ''. */
function sessionOf(driver: string): string | undefined {
  const m = /^>>> (?:\[([A-Za-z]+)\] )?(.*)$/.exec(driver);
  if (!m) return undefined;
  if (m[2]!.startsWith('<') || m[2]!.startsWith('(')) return m[1];
  return m[1] ?? '';
}

/**
 * Steps of a fixture. With `annotated` (the .annotated.txt), each line carries its printer:
 * `A.out| x` → who 'A'. Blank lines right before a comment belong to the comment (the driver
 * wrote them).
 */
export function parseSteps(text: string, annotated = false): Step[] {
  const steps: Step[] = [{ driver: '', lines: [] }];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    if (raw.startsWith(END_MARKER)) {
      const prev = steps[steps.length - 1]!;
      while (prev.lines.length > 0 && prev.lines[prev.lines.length - 1]!.text === '') prev.lines.pop();
      break;
    }
    if (isDriver(raw)) {
      if (raw.startsWith('#')) {
        // Trailing blank lines of the previous step were the driver's, before this comment.
        const prev = steps[steps.length - 1]!;
        let blanks = '';
        while (prev.lines.length > 0 && prev.lines[prev.lines.length - 1]!.text === '') {
          prev.lines.pop();
          blanks += '\n';
        }
        steps.push({ driver: blanks + raw, lines: [] });
      } else {
        const s: Step = { driver: raw, lines: [] };
        const who = sessionOf(raw);
        if (who !== undefined && !/^>>> (\[[A-Za-z]+\] )?(\$|<)/.test(raw)) s.session = who;
        steps.push(s);
      }
      continue;
    }
    let who = '';
    let line = raw;
    if (annotated) {
      const m = /^(?:([A-Za-z]+)\.)?(out|err)[|~] ?(.*)$/.exec(raw);
      if (!m) {
        // Driver-written lines of one-shot runs (--- stdout ---) and blank driver lines.
        line = raw;
      } else {
        if (raw.includes('~ (the line above had no newline')) continue;
        who = m[1] ?? '';
        line = m[3]!;
      }
    }
    if (isNoise(line)) continue;
    steps[steps.length - 1]!.lines.push({ who, text: line });
  }
  return steps;
}

/** Group a step's lines by session when more than one session printed in it. */
function canonical(step: Step): string[] {
  const whos = [...new Set(step.lines.map((l) => l.who))];
  if (whos.length <= 1) return step.lines.map((l) => l.text);
  const first = step.session ?? '';
  const order = (w: string) => (w === first ? '' : `~${w}`);
  whos.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return whos.flatMap((w) => step.lines.filter((l) => l.who === w).map((l) => l.text));
}

export function render(steps: Step[]): string {
  const out: string[] = [];
  for (const s of steps) {
    if (s.driver !== '') out.push(s.driver);
    out.push(...canonical(s));
  }
  return `${out.join('\n')}\n`;
}

/**
 * The real transcript as the comparison sees it: noise dropped; steps where several sessions
 * printed grouped by session, using the annotated file to know who printed which line.
 */
export function expectedTranscript(txt: string, annotated: string): string {
  const plain = parseSteps(txt);
  const ann = parseSteps(annotated, true);
  if (plain.length !== ann.length) throw new Error(`fixture and annotated fixture have ${plain.length} vs ${ann.length} steps`);
  const steps = plain.map((s, i) => {
    const a = ann[i]!;
    // (Digits aside: an earlier copy of the transcripts named other ports than the annotated files.)
    if (a.driver.replace(/\d+/g, 'N') !== s.driver.replace(/\d+/g, 'N')) throw new Error(`step ${i}: '${s.driver}' vs annotated '${a.driver}'`);
    const whos = new Set(a.lines.map((l) => l.who));
    if (whos.size <= 1) return { ...s, lines: s.lines.map((l) => ({ who: [...whos][0] ?? '', text: l.text })) };
    // Several printers: the annotated lines must be the same lines (no chunk artefacts here).
    if (a.lines.map((l) => l.text).join('\n') !== s.lines.map((l) => l.text).join('\n')) {
      throw new Error(`step ${i} '${s.driver}': annotated lines differ from the transcript; cannot attribute them`);
    }
    return a;
  });
  return normalize(render(steps));
}

// ---- normalisation ----------------------------------------------------------------------

const DATE = /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d UTC \d{4}/g;

/**
 * mntr values that are timings (the real server's clock, not the simulated one), the uptime, and
 * the JVM's file descriptors. A timing summary's count (zk_cnt_...) is compared.
 */
function mntrVolatile(key: string): boolean {
  if (/^zk_(uptime|open_file_descriptor_count|max_file_descriptor_count)$/.test(key)) return true;
  if (/^zk_(avg|min|max)_latency$/.test(key)) return true;
  const m = /^zk_(avg|min|max|sum|p50|p95|p99|p999)_(.*)$/.exec(key);
  return m !== null && /time|latency/.test(m[2]!);
}

/**
 * Make what cannot match equal. Each rule names what it hides; everything else is compared
 * byte for byte.
 */
export function normalize(text: string): string {
  return (
    text
      // Wall-clock dates: stat ctime/mtime (the epoch date of the root stays), dump's expiry times.
      .replace(DATE, (d) => (d === 'Thu Jan 01 00:00:00 UTC 1970' ? d : '<date>'))
      // Session ids (a wall-clock-derived number in 3.8): stat's ephemeralOwner, cons sid=, wchc/wchp/dump.
      .replace(/^ephemeralOwner = 0x(?!0$)[0-9a-f]+$/gm, 'ephemeralOwner = <session>')
      .replace(/sid=0x[0-9a-f]+/g, 'sid=<session>')
      .replace(/sessionId: 0x(?!0$)[0-9a-f]+/g, 'sessionId: <session>')
      .replace(/^(\t?)0x[0-9a-f]{9,15}(:?)$/gm, '$1<session>$2')
      // Client ports (ephemeral) in stat / cons / dump.
      .replace(/\/127\.0\.0\.1:\d+/g, '/127.0.0.1:<port>')
      // Latencies and timestamps of srvr / stat / cons.
      .replace(/^Latency min\/avg\/max: .*$/gm, 'Latency min/avg/max: <latency>')
      .replace(/\b(est|lresp|llat|minlat|avglat|maxlat)=\d+/g, '$1=<n>')
      // mntr: timing values and JVM/OS sizes.
      .replace(/^(zk_[a-z0-9_]+)\t(.*)$/gm, (line, k: string) => (mntrVolatile(k) ? `${k}\t<n>` : line))
      // dump's connection expiry buckets: the empty ones (left by connections that moved on or
      // closed) depend on where the 10 s grid of the JVM's nanoTime clock falls; two recordings
      // of the same script differ there.
      .replace(/^Connections Sets \(\d+\)\/\((\d+)\):\n(?:\d+ expire at .*\n(?:\t.*\n)*)*/gm, (block, n: string) => `Connections Sets (<n>)/(${n}):\n${block.split('\n').slice(1).filter((l) => !/^0 expire at /.test(l)).join('\n')}`)
      // envi: the JVM and the machine the real server ran on.
      .replace(/^(java\.home|java\.class\.path|java\.library\.path|host\.name|os\.version|user\.dir|os\.memory\.(free|max|total))=.*$/gm, '$1=<env>')
  );
}

// ---- replay -----------------------------------------------------------------------------

export interface ReplayOptions {
  /**
   * zoo.cfg of the standalone server on this client port; `index` counts the servers in the
   * order the fixture first names their ports. Every server starts before the first step.
   */
  config(port: number, index: number): string;
  /**
   * Simulated ms a command step takes: the recording driver waits until the output has been
   * quiet for 0.6 s (record/drv.py), about 0.62 s a step in the recordings. Default 605 — the
   * zkcli-errors fixture pins it: two crashed sessions expire (30 s) on either side of
   * `create /seq`, which holds for steps of 591..617 ms.
   */
  stepMs?: number;
  /** Simulated ms a zkCli JVM takes to start before it connects (about 1.5 s in the recordings). */
  jvmStartMs?: number;
  /**
   * Whether the recording driver probed a freshly started server with `ruok` until it answered
   * (record/drv.py fresh_server; the probe counts in srvr's Received/Sent). Default: yes.
   */
  readyProbe?(port: number, index: number): boolean;
  seed?: number;
  /**
   * Build the world and its servers instead of one standalone server per port (the `config`
   * above is then the factory's to use): `ports` are the client ports in the order the fixture
   * names them; returns the world, started and ready, and the node serving each port.
   */
  servers?(ports: number[], seed: number): { world: World; nodes: Map<number, string> };
}

/** The standalone zoo.cfg the fixtures used (README), with extra lines. */
export function fixtureConfig(srvName: string, port: number, extra: string[] = [], whitelist = true): string {
  return [
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    `dataDir=/tmp/zkfix/${srvName}/data`,
    `clientPort=${port}`,
    'clientPortAddress=127.0.0.1',
    'admin.enableServer=false',
    ...(whitelist ? ['4lw.commands.whitelist=*'] : []),
    ...extra,
    '',
  ].join('\n');
}

/** A handle as zkCli uses it: CreateCommand creates without asking for the stat. */
function zkCliHandle(c: SimClient): SimClient {
  c.createWithStat = false;
  return c;
}

/** `nc -q 2`: the driver's four-letter word takes 2 s. */
const NC_QUIT_MS = 2000;

interface Session {
  label: string;
  node: string;
  main: ZooKeeperMain;
  client: SimClient;
  exitCode?: number;
  /** Output still goes to the step (false once the process is gone). */
  live: boolean;
}

class Replayer {
  readonly world: World;
  private readonly sessions = new Map<string, Session>();
  private readonly servers = new Map<number, string>();
  private step: Step | undefined;
  private lastExit: number | undefined;
  private oneShot: { out: string; err: string } | undefined;
  private processes = 0;
  readonly steps: Step[] = [];

  constructor(private readonly opts: ReplayOptions, ports: number[]) {
    if (opts.servers) {
      const built = opts.servers(ports, opts.seed ?? 1);
      this.world = built.world;
      ports.forEach((port, i) => {
        const name = built.nodes.get(port);
        if (name === undefined) throw new Error(`the server factory serves no port ${port}`);
        if (opts.readyProbe?.(port, i) ?? true) fourLetterWord(this.world, `127.0.0.1:${port}`, 'ruok');
        this.servers.set(port, name);
      });
      this.advance(100);
      return;
    }
    this.world = new World(opts.seed ?? 1);
    for (const port of ports) {
      const name = this.servers.size === 0 ? 'zk' : `zk${this.servers.size + 1}`;
      installStandalone(this.world, opts.config(port, this.servers.size), name);
      this.world.start(name);
      this.advance(100);
      if (opts.readyProbe?.(port, this.servers.size) ?? true) fourLetterWord(this.world, `127.0.0.1:${port}`, 'ruok');
      this.servers.set(port, name);
    }
    this.advance(100);
  }

  /** Run the world for ms of simulated time (time passes even when nothing is queued). */
  advance(ms: number): void {
    const until = this.world.nowMs + ms;
    this.world.run({ untilMs: until });
    if (this.world.nowMs < until) this.world.now = Math.round(until * 1000);
  }

  private settle(): void {
    this.advance(this.opts.stepMs ?? 605);
  }

  /** Lines of the current step not yet ended by a newline, per printer. */
  private open = new Map<string, number>();

  /** Text printed by session `who` into the current step (split into lines as a terminal shows it). */
  private print(who: string, text: string): void {
    const step = this.step!;
    const parts = text.split('\n');
    const idx = this.open.get(who);
    if (idx !== undefined) {
      step.lines[idx]!.text += parts.shift()!;
      this.open.delete(who);
      if (parts.length === 0) {
        this.open.set(who, idx);
        return;
      }
    }
    const last = parts.pop()!;
    for (const p of parts) step.lines.push({ who, text: p });
    if (last !== '') {
      step.lines.push({ who, text: last });
      this.open.set(who, step.lines.length - 1);
    }
  }

  private startSession(label: string, hostPort: string, oneShot: boolean): Session {
    const node = `cli${++this.processes}${label ? `-${label}` : ''}`;
    const session = { label, node, live: true } as Session;
    const write = (stream: 'out' | 'err') => (t: string) => {
      if (!session.live) return;
      if (this.oneShot) this.oneShot[stream] += t;
      else this.print(label, t);
    };
    this.advance(this.opts.jvmStartMs ?? 1500);
    session.client = zkCliHandle(new SimClient(this.world, node, hostPort));
    session.main = new ZooKeeperMain(session.client, write('out'), {
      err: write('err'),
      // `connect host:port`: a new handle in the same JVM.
      connect: (cs) => zkCliHandle(new SimClient(this.world, node, cs)),
      fullVersion: ZK_VERSION,
      onExit: (code) => {
        session.exitCode = code;
      },
    });
    session.main.startup({ interactive: !oneShot, jline: false });
    return session;
  }

  /** The JVM exits: nothing more is printed, the client process (and its connection) goes. */
  private exitProcess(s: Session, code: number): void {
    s.live = false;
    s.exitCode = code;
    this.lastExit = code;
    this.sessions.delete(s.label);
    // System.exit takes a moment; what is in flight goes on, then the process is gone.
    this.advance(50);
    this.world.crash(s.node);
  }

  async run(steps: Step[]): Promise<void> {
    for (const src of steps) {
      const step: Step = { driver: src.driver, lines: [] };
      if (src.session !== undefined) step.session = src.session;
      this.step = step;
      this.open.clear();
      this.steps.push(step);
      await this.perform(src.driver, step);
    }
  }

  private serverFor(hostPort: string): string {
    const port = Number(hostPort.split(':').pop());
    const name = this.servers.get(port);
    if (name === undefined) throw new Error(`no server configured on port ${port}`);
    return name;
  }

  private async perform(driver: string, step: Step): Promise<void> {
    if (driver === '') return;
    if (driver.trimStart().startsWith('#')) {
      const sleep = /^\n*# driver: sleep (\d+(?:\.\d+)?) s/.exec(driver);
      if (sleep) this.advance(Number(sleep[1]) * 1000);
      return;
    }
    let m: RegExpExecArray | null;
    if ((m = /^>>> (?:\[([A-Za-z]+)\] )?\$ \S*zkCli\.sh -server (\S+)(.*)$/.exec(driver))) {
      const label = m[1] ?? '';
      const hostPort = m[2]!;
      this.serverFor(hostPort);
      const rest = m[3]!.trim();
      if (rest.startsWith('(stdin is a pipe)') || rest === '') {
        const s = this.startSession(label, hostPort, false);
        this.sessions.set(label, s);
        await s.client.open();
        this.settle();
      } else {
        // zkCli.sh -server H:P cmd args: the command runs at once (its requests wait for the
        // connection); then System.exit(exitCode) without closing the session.
        this.oneShot = { out: '', err: '' };
        const s = this.startSession(label, hostPort, true);
        await s.main.runCommand(rest.split(' '));
        const shot = this.oneShot;
        this.oneShot = undefined;
        this.print('', `--- stdout ---\n${shot.out}--- stderr ---\n${shot.err}`);
        this.exitProcess(s, s.exitCode ?? s.main.exitCode);
        this.settle();
      }
      return;
    }
    if ((m = /^>>> (?:\[([A-Za-z]+)\] )?<close stdin \(EOF\)>$/.exec(driver))) {
      const s = this.sessions.get(m[1] ?? '');
      if (s) this.exitProcess(s, s.main.exitCode);
      return;
    }
    if (/^>>> <(zkCli exited with status|exit status) \d+>$/.test(driver)) {
      step.driver = driver.replace(/\d+>$/, `${this.lastExit ?? 'still running'}>`);
      if (driver.startsWith('>>> <exit status')) step.lines.push({ who: '', text: '' });
      this.lastExit = undefined;
      return;
    }
    if ((m = /^>>> \$ echo (\S+) \| nc -q 2 (\S+) (\d+)$/.exec(driver))) {
      const answer = fourLetterWord(this.world, `${m[2]}:${m[3]}`, m[1]!);
      this.print('', answer);
      if (!answer.endsWith('\n')) {
        this.steps.push({ driver: answer === '' ? '>>> (no output at all)' : '>>> (the output above ends without a newline; the driver added the line break)', lines: [] });
      }
      // nc -q 2 quits 2 s after its stdin ends; the driver goes on when it has.
      this.advance(NC_QUIT_MS);
      return;
    }
    if (/^>>> \(the output above ends without a newline|^>>> \(no output at all\)/.test(driver)) {
      // Re-created by the 4lw step above from the simulated answer.
      this.steps.pop();
      return;
    }
    if ((m = /^>>> \[srvr\] Zxid: \S+(.*)$/.exec(driver))) {
      const [port] = [...this.servers.keys()];
      // record/zxid.py: sleep 0.2 s, then echo srvr | nc -q 2 | grep Zxid.
      this.advance(200);
      const answer = fourLetterWord(this.world, `127.0.0.1:${port}`, 'srvr');
      this.advance(NC_QUIT_MS);
      const zxid = /^Zxid: .*$/m.exec(answer)?.[0] ?? '<no Zxid line>';
      step.driver = `>>> [srvr] ${zxid}${m[1]}`;
      return;
    }
    if ((m = /^>>> (?:\[([A-Za-z]+)\] )?(.*)$/.exec(driver))) {
      const label = m[1] ?? '';
      const line = m[2]!;
      const s = this.sessions.get(label);
      if (!s) {
        step.driver = `${driver}\n>>> <zkCli already exited; command not delivered>`;
        return;
      }
      await s.main.executeLine(line);
      if (s.main.exited) {
        this.exitProcess(s, s.exitCode ?? s.main.exitCode);
        return;
      }
      this.settle();
      return;
    }
    throw new Error(`unknown driver line: ${driver}`);
  }
}

/** Replay a fixture against the simulator; returns the normalised simulated transcript. */
export async function replay(txt: string, opts: ReplayOptions): Promise<string> {
  const steps = parseSteps(txt);
  const ports = new Set<number>();
  for (const s of steps) {
    const m = /-server \S+:(\d+)|nc -q 2 \S+ (\d+)$/.exec(s.driver);
    if (m) ports.add(Number(m[1] ?? m[2]));
  }
  const r = new Replayer(opts, [...ports]);
  await r.run(steps);
  return normalize(render(r.steps));
}
