// The real zkCli.sh of Debian's ZooKeeper 3.8.0 against `zksim serve`: each golden transcript of
// test/fixtures/zk38 (recorded from the real server) is typed into the real shell, connected
// to a served standalone server with the zoo.cfg of that recording, and must print what it
// printed against the real server, line for line (dates and session ids masked, as the golden
// tests mask them). Needs Debian's zookeeper package (.ci/run installs it) and Java; no real
// ZooKeeper server runs.
//
// Two transcripts depend on time, so they are typed at the recording's pace (0.65 s a step, as
// test/shell/fixture-replay.ts replays them): ttl-container (the TTL and container reaper) and
// errors (zkCli crashes three times there; each dead shell's session expires 30 s later, a
// closeSession txn, between two steps). Where exactly those expiries fall depends on how long
// the JVMs took to start and die, in the recording and here: so in errors the zxids printed may
// differ by up to the number of dead sessions. One more race of the real shell: with a command
// on its command line it prints the command's output on the main thread and the connected
// event's WATCHER:: on the event thread; those steps compare as sets of lines.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnnotated, renderExpected } from '../shell/fixture-replay.ts';
import { Served } from './served.ts';
import { ZKCLI, runRealZkCli } from './zkcli-driver.ts';

const dir = new URL('../fixtures/zk38/', import.meta.url);
const names = ['basic', 'errors', 'acl', 'watch', 'quota', 'quota-enforced', 'ttl-container'];
const PACED: Record<string, number> = { errors: 650, 'ttl-container': 650 };
/** How far a printed zxid may be off, by transcript (see above). */
const ZXID_SLACK: Record<string, number> = { errors: 3 };

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

/** Lines equal, or the same zxid line within `slack`. */
function sameLine(want: string, got: string, slack: number): boolean {
  if (want === got) return true;
  const w = /^(.*Zxid = 0x)([0-9a-f]+)$/.exec(want);
  const g = /^(.*Zxid = 0x)([0-9a-f]+)$/.exec(got);
  return !!w && !!g && w[1] === g[1] && Math.abs(Number.parseInt(w[2]!, 16) - Number.parseInt(g[2]!, 16)) <= slack;
}

describe.runIf(existsSync(ZKCLI))('the real zkCli.sh 3.8.0 against zksim serve', () => {
  it.concurrent.each(names)(
    'zkcli-%s prints what it printed against the real server',
    { timeout: 300_000 },
    async (name) => {
      const text = readFileSync(new URL(`zkcli-${name}.annotated.txt`, dir), 'utf8');
      const transcript = parseAnnotated(text);
      const recordedHost = /-server (\S+)/.exec(text)![1]!;
      const served = new Served([]);
      const cfg = join(served.dir, 'zoo.cfg');
      writeFileSync(cfg, zooCfg(text));
      served.args.push('--config', cfg);
      await served.start();
      try {
        const got = blocks(await runRealZkCli(transcript, served.connectString, recordedHost, PACED[name] ?? 0));
        const want = blocks(renderExpected(transcript));
        const slack = ZXID_SLACK[name] ?? 0;
        // Where the zxids are within the slack, compare the recording's lines to themselves.
        const aligned = got.map((b, i) => {
          const w = want[i]?.split('\n');
          const g = b.split('\n');
          return w && w.length === g.length && g.every((l, j) => sameLine(w[j]!, l, slack)) ? want[i]! : b;
        });
        expect(aligned.join('\n')).toBe(want.join('\n'));
      } finally {
        served.kill();
      }
    },
  );
});
