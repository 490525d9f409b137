// Golden zkCli transcripts on an ensemble: the fixtures recorded from a real standalone
// ZooKeeper 3.8.0 (test/fixtures/zk38) are replayed against a simulated 3-server ensemble
// with every zkCli session connected to a FOLLOWER, and must print the same text as the real
// standalone server did — byte for byte after transcript.ts' normalisation and the few
// differences a real 3.8 ensemble inherently shows (ensembleNormalisation below, each
// justified). The multi-session fixtures run a second time with their later sessions on the
// other follower (watches fire and ACLs are checked across servers).
import { describe, expect, it } from 'vitest';
import { installServer, nodeName, zooCfgText, dataDir } from '../../scenarios/ensemble.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { World } from '../../sim/engine/world.ts';
import { FIXTURES } from './fixtures.ts';
import { type ReplayOptions, expectedTranscript, readFixture, replay } from './transcript.ts';

const SHAPE = { servers: 3 };
/** The servers zkCli sessions talk to, by the fixture's client ports in order; with empty disks started together, 3 leads. */
const FOLLOWERS = [1, 2];

/**
 * Server `sid`'s zoo.cfg: the fixture's standalone zoo.cfg (every option set on every
 * server), with the ensemble's dataDir and server.N lines (scenarios/ensemble.ts); the
 * followers serve the fixture's client ports, the leader 2181 + sid.
 */
function ensembleCfg(standalone: string, sid: number, ports: number[]): string {
  const own = standalone.split('\n').filter((l) => l !== '' && !/^(dataDir|clientPort)=/.test(l));
  const ens = zooCfgText(SHAPE, sid).split('\n');
  const port = ports[FOLLOWERS.indexOf(sid)] ?? 2181 + sid;
  return [...own, `dataDir=${dataDir(sid)}`, `clientPort=${port}`, ...ens.filter((l) => l.startsWith('server.')), ''].join('\n');
}

/** A 3-server ensemble, run until the leader is established and both learners are UPTODATE. */
function ensembleServers(opts: ReplayOptions) {
  return (ports: number[], seed: number) => {
    if (ports.length > FOLLOWERS.length) throw new Error(`an ensemble fixture may use ${FOLLOWERS.length} client ports, not ${ports.length}`);
    const world = new World(seed);
    const roles = new RoleTracker();
    let uptodate = 0;
    world.trace.subscribe((e) => {
      roles.onEvent(e);
      if (e.k === 'zab.uptodate') uptodate++;
    });
    for (let sid = 1; sid <= SHAPE.servers; sid++) {
      installServer(world, sid, ensembleCfg(opts.config(ports[0]!, 0), sid, ports));
      world.start(nodeName(sid));
    }
    world.run({ stopWhen: () => uptodate === SHAPE.servers - 1, untilMs: 30_000 });
    if (uptodate !== SHAPE.servers - 1) throw new Error('the ensemble did not come up');
    for (const sid of FOLLOWERS) if (roles.role(nodeName(sid)) !== 'following') throw new Error(`server ${sid} is ${roles.role(nodeName(sid))}, not following`);
    return { world, nodes: new Map(ports.map((port, i) => [port, nodeName(FOLLOWERS[i]!)])) };
  };
}

/**
 * What `config` prints on every server of this ensemble: /zookeeper/config as a quorum peer
 * writes it (QuorumMaj.toString of the static config: zoo.cfg's clientPort is left out of the
 * server lines, version 0), then println's newline.
 */
const QUORUM_CONFIG = ['server.1=localhost:2666:3666:participant', 'server.2=localhost:2667:3667:participant', 'server.3=localhost:2668:3668:participant', 'version=0'].join('\n');
/** A `config` command step and the quorum config it printed. */
const CONFIG_STEP = new RegExp(`^(>>> (?:\\[[A-Za-z]+\\] )?config\\b.*\\n)${QUORUM_CONFIG}$`, 'gm');

/**
 * What a real 3.8 ensemble prints differently from the standalone server the fixtures were
 * recorded on, whatever server the client talks to. Applied to the simulated side only.
 */
function ensembleNormalisation(text: string): string {
  return (
    text
      // zxids carry the epoch in their high 32 bits: the first leader's epoch is 1, so what a
      // standalone server numbers 0x5 is 0x100000005 here (README: "first leader's zxid
      // 0x100000000"). Only epoch 1 is stripped: another epoch would be a real difference.
      .replace(/^(cZxid|mZxid|pZxid) = 0x1([0-9a-f]{8})$/gm, (_l, k: string, c: string) => `${k} = 0x${BigInt(`0x${c}`).toString(16)}`)
      .replace(/^(>>> \[srvr\] Zxid:) 0x1([0-9a-f]{8})\b/gm, (_l, k: string, c: string) => `${k} 0x${BigInt(`0x${c}`).toString(16)}`)
      // srvr's mode (ServerStats.getServerState): the server is a follower, not standalone.
      // (These transcripts show srvr only through `grep Zxid`; kept for any that show more.)
      .replace(/^Mode: follower$/gm, 'Mode: standalone')
      // `config` (GetConfigCommand) prints the data of /zookeeper/config. A standalone server
      // leaves it empty (an empty line); a quorum peer writes its quorum config there at start
      // (QuorumPeerMain → QuorumPeer.initConfigInZKDatabase → ZKDatabase.initConfigInZKDatabase:
      // QuorumMaj.toString(), `server.N=host:port:port:participant` lines and `version=0` for
      // a static config), and that is what every server of the ensemble answers.
      .replace(CONFIG_STEP, '$1')
  );
}

describe('golden zkCli transcripts on a 3-server ensemble, every session on a follower', () => {
  for (const name of ['zkcli-basic', 'zkcli-errors', 'zkcli-acl', 'zkcli-watch', 'zkcli-quota', 'zkcli-ttl-container', 'zkcli-quota-enforced', 'zxid-consumption']) {
    const opts = FIXTURES[name]!;
    it(name, async () => {
      const { txt, annotated } = readFixture(name);
      const expected = expectedTranscript(txt, annotated);
      const raw = await replay(txt, { ...opts, servers: ensembleServers(opts) });
      // Every `config` step printed the quorum config (the normalisation below relies on it).
      expect(raw.match(CONFIG_STEP)?.length ?? 0).toBe(raw.match(/^>>> (?:\[[A-Za-z]+\] )?config\b/gm)?.length ?? 0);
      expect(ensembleNormalisation(raw)).toBe(expected);
    });
  }
});

/**
 * The fixture with session `label` started on another client port (so on the other follower):
 * its `zkCli.sh -server` line and the `Connecting to` line it prints.
 */
function onPort(text: string, label: string, port: number): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith(`>>> [${label}] $ `)) continue;
    lines[i] = lines[i]!.replace(/-server 127\.0\.0\.1:\d+/, `-server 127.0.0.1:${port}`);
    for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('>>> '); j++) lines[j] = lines[j]!.replace(/^((?:[A-Za-z]+\.)?(?:out|err)[|~] )?Connecting to 127\.0\.0\.1:\d+$/, `$1Connecting to 127.0.0.1:${port}`);
  }
  return lines.join('\n');
}

describe('golden multi-session zkCli transcripts with the sessions on different followers', () => {
  for (const name of ['zkcli-acl', 'zkcli-watch']) {
    const opts = FIXTURES[name]!;
    it(`${name}: A on server 1, B and C on server 2`, async () => {
      const f = readFixture(name);
      const move = (t: string) => onPort(onPort(t, 'B', 24811), 'C', 24811);
      const expected = expectedTranscript(move(f.txt), move(f.annotated));
      const raw = await replay(move(f.txt), { ...opts, servers: ensembleServers(opts) });
      expect(ensembleNormalisation(raw)).toBe(expected);
    });
  }
});
