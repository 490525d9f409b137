// The recorded golden transcripts of test/fixtures/zk38 typed into a real shell process
// connected over TCP to `zksim serve` (a served standalone server with the zoo.cfg of that
// recording), rendered and compared with the recording line for line, with the golden tests'
// masking (dates, session ids). Shared by zkcli.test.ts (Debian's real zkCli.sh 3.8.0) and
// zkcli-tcp.test.ts (`zksim cli -server`).
//
// Two transcripts depend on time, so they are typed at the recording's pace (0.65 s a step, as
// test/shell/fixture-replay.ts replays them): ttl-container (the TTL and container reaper) and
// errors (zkCli crashes three times there and runs nine one-command shells; each such shell
// ends without closing its session, which expires 30 s later: a closeSession txn, between two
// steps). Where those expiries fall depends on how long the processes took to start and die, in
// the recording and here, so a printed zxid may differ from the recording's by at most the
// number of sessions that had ended unclosed before its step (each expires once: one txn). One
// more race of the real shell: with a command on its command line it prints the command's
// output on the main thread and the connected event's WATCHER:: on the event thread; those
// steps compare as sets of lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnnotated, renderExpected } from '../shell/fixture-replay.ts';
import { Served } from './served.ts';
import { runRealZkCli } from './zkcli-driver.ts';

const dir = new URL('../fixtures/zk38/', import.meta.url);
export const TRANSCRIPTS = ['basic', 'errors', 'acl', 'watch', 'quota', 'quota-enforced', 'ttl-container'];
export const PACED: Record<string, number> = { errors: 650, 'ttl-container': 650 };

/** The recording's zoo.cfg (fixtures/zk38/README.md), its JVM flags as zoo.cfg settings. */
function zooCfg(transcript: string): string {
  const lines = [
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    'dataDir=/var/lib/zookeeper',
    'clientPort=2181',
    '4lw.commands.whitelist=*',
  ];
  if (transcript.includes('enforceQuota=true')) lines.push('zookeeper.enforceQuota=true');
  if (transcript.includes('extendedTypesEnabled=true'))
    lines.push('zookeeper.extendedTypesEnabled=true', 'znode.container.checkIntervalMs=1000');
  return `${lines.join('\n')}\n`;
}

/** The rendered steps, each a block; a one-command shell's block as a sorted set of lines. */
function blocks(rendered: string): string[] {
  const out: string[] = [];
  for (const line of rendered.split('\n')) {
    if (line.startsWith('>>> ') || out.length === 0) out.push(line);
    else out[out.length - 1] += `\n${line}`;
  }
  return out.map((b) => {
    const [head, ...rest] = b.split('\n');
    return /^>>> (\[\w\] )?\$ \S+ -server \S+ \S/.test(head!) ? [head, ...rest.sort()].join('\n') : b;
  });
}

/**
 * For each rendered block, how many shells had ended before it without closing their session
 * (a crash, the end of input, a one-command shell): the sessions that may have expired by then.
 */
function unclosedBefore(want: string[]): number[] {
  const out: number[] = [];
  let unclosed = 0;
  let lastCmd = '';
  for (const b of want) {
    out.push(unclosed);
    const head = b.split('\n')[0]!;
    const cmd = /^>>> (?:\[\w\] )?(\S+)/.exec(head)?.[1] ?? '';
    if (/^>>> <(?:zkCli exited with status|exit status) \d+>$/.test(head)) {
      if (lastCmd !== 'quit') unclosed++;
    } else if (!head.startsWith('>>> <')) lastCmd = cmd;
  }
  return out;
}

/** Lines equal, or the same zxid line within `slack`. */
function sameLine(want: string, got: string, slack: number): boolean {
  if (want === got) return true;
  const w = /^(.*Zxid = 0x)([0-9a-f]+)$/.exec(want);
  const g = /^(.*Zxid = 0x)([0-9a-f]+)$/.exec(got);
  return !!w && !!g && w[1] === g[1] && Math.abs(Number.parseInt(w[2]!, 16) - Number.parseInt(g[2]!, 16)) <= slack;
}

/**
 * Types transcript `name` into `shell` (argv before `-server HOST`) against a fresh served
 * server; returns the recording and what the shell printed, rendered, with each block the
 * recording's own where its lines match within the zxid slack.
 */
export async function typeTranscript(
  name: string,
  shell?: readonly string[],
  pace: Record<string, number> = PACED,
): Promise<{ want: string; got: string }> {
  const text = readFileSync(new URL(`zkcli-${name}.annotated.txt`, dir), 'utf8');
  const transcript = parseAnnotated(text);
  const recordedHost = /-server (\S+)/.exec(text)![1]!;
  const served = new Served([]);
  const cfg = join(served.dir, 'zoo.cfg');
  writeFileSync(cfg, zooCfg(text));
  served.args.push('--config', cfg);
  await served.start();
  try {
    const got = blocks(await runRealZkCli(transcript, served.connectString, recordedHost, pace[name] ?? 0, shell));
    const want = blocks(renderExpected(transcript));
    const slack = unclosedBefore(want);
    const aligned = got.map((b, i) => {
      const w = want[i]?.split('\n');
      const g = b.split('\n');
      if (w && quitRace(w, g)) return want[i]!;
      return w && w.length === g.length && g.every((l, j) => sameLine(w[j]!, l, slack[i]!)) ? want[i]! : b;
    });
    return { want: want.join('\n'), got: aligned.join('\n') };
  } finally {
    served.kill();
  }
}

/**
 * One more race of the real shell: on `quit`, ZooKeeperMain's main thread closes the session and
 * exits while the event thread prints the Closed event (WATCHER::, WatchedEvent state:Closed);
 * under load the JVM may exit first, so that event is sometimes not printed (seen on a loaded
 * CI run, exit status 0 either way). A quit block matches with or without it.
 */
const CLOSED_EVENT = ['out| ', 'out| WATCHER::', 'out| ', 'out| WatchedEvent state:Closed type:None path:null'];
export function quitRace(want: string[], got: string[]): boolean {
  // A transcript of several shells names the one typed into: ">>> [A] quit", "A.out| ...".
  const quit = /^>>> (?:\[(\w+)\] )?quit/.exec(want[0] ?? '');
  if (!quit) return false;
  const closed = CLOSED_EVENT.map((c) => (quit[1] ? `${quit[1]}.${c}` : c));
  const at = want.findIndex((_l, i) => closed.every((c, j) => want[i + j] === c));
  if (at < 0) return false;
  const without = [...want.slice(0, at), ...want.slice(at + closed.length)];
  return without.length === got.length && without.every((l, j) => l === got[j]);
}
