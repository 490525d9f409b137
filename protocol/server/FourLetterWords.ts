// Four-letter words on the client port (ruok, srvr, stat, mntr, conf, cons, wchs, envi, ...),
// as 3.8.0's FourLetterCommands and the command classes of org.apache.zookeeper.server.command
// print them. ServerCnxn handles the connection side (a word the server does not know drops
// the connection unanswered; the answer goes out in 8192-char pieces, each a sent packet).
import type { ServerCnxn } from './ServerCnxn.ts';
import type { ZooKeeperServer } from './ZooKeeperServer.ts';
import { monitorValues } from './Metrics.ts';
import { javaDateString } from '../javaDate.ts';

/** The version string of the reference server (Debian's 3.8.0 build the fixtures were recorded on). */
export const ZK_VERSION = '3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC';

/** FourLetterCommands.cmd2String: the words 3.8.0 knows. */
const KNOWN = [
  'conf',
  'cons',
  'crst',
  'dirs',
  'dump',
  'envi',
  'gtmk',
  'ruok',
  'stmk',
  'srst',
  'srvr',
  'stat',
  'wchc',
  'wchp',
  'wchs',
  'mntr',
  'isro',
  'hash',
];

export function isKnownFourLetterWord(cmd: string): boolean {
  return KNOWN.includes(cmd);
}

/**
 * FourLetterCommands.isEnabled: 4lw.commands.whitelist (comma separated; `*` is every known
 * word), and srvr always. Without the setting only srvr.
 */
export function isEnabled(whitelist: string | undefined, cmd: string): boolean {
  if (cmd === 'srvr') return true;
  if (whitelist === undefined) return false;
  for (const w of whitelist.split(',')) {
    if (w.trim() === '*') return true;
    if (w.trim() === cmd) return true;
  }
  return false;
}

/** ZooTrace's text trace mask (gtmk): CLIENT_REQUEST | SERVER_PACKET | SESSION | WARNING. */
const TRACE_MASK = 306;

/** java.util.Date.toString in UTC: "Mon Nov 23 07:46:47 UTC 2026". */
const javaDate = javaDateString;

/** Double.toString of a value ServerStats rounds to 4 decimals (avg latency). */
function javaDouble(v: number): string {
  const s = String(v);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** ServerStats.toString. */
function serverStats(zks: ZooKeeperServer): string {
  const s = zks.stats;
  const min = s.count === 0 ? 0 : Math.floor(s.minLatency);
  const avg = s.count === 0 ? 0 : Math.round((s.totalLatency / s.count) * 10000) / 10000;
  return (
    `Latency min/avg/max: ${min}/${javaDouble(avg)}/${Math.floor(s.maxLatency)}\n` +
    `Received: ${s.packetsReceived}\n` +
    `Sent: ${s.packetsSent}\n` +
    `Connections: ${zks.cnxns.size}\n` +
    `Outstanding: ${zks.sync.pending()}\n` +
    `Zxid: 0x${zks.zkDb.lastProcessedZxid.toString(16)}\n` +
    `Mode: ${zks.mode}\n`
  );
}

/**
 * The factory's connections as stat and cons list them. 3.8.0 iterates a set of connections
 * hashed by identity (no fixed order); the newest comes first here, as in the recordings.
 */
function connections(zks: ZooKeeperServer): ServerCnxn[] {
  return [...zks.cnxns.values()].reverse();
}

/** Environment.list(), for the simulated JVM: Debian 12's OpenJDK 17 running Debian's zookeeper 3.8.0. */
function environment(zks: ZooKeeperServer): [string, string][] {
  return [
    ['zookeeper.version', ZK_VERSION],
    ['host.name', 'localhost'],
    ['java.version', '17.0.15'],
    ['java.vendor', 'Debian'],
    ['java.home', '/usr/lib/jvm/java-17-openjdk-amd64'],
    ['java.class.path', '/usr/share/java/zookeeper.jar'],
    [
      'java.library.path',
      '/usr/java/packages/lib:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/lib:/usr/lib',
    ],
    ['java.io.tmpdir', '/tmp'],
    ['java.compiler', '<NA>'],
    ['os.name', 'Linux'],
    ['os.arch', 'amd64'],
    ['os.version', '6.1.0-zksim'],
    ['user.name', 'root'],
    ['user.home', '/root'],
    ['user.dir', zks.cfg.dataDir.replace(/\/[^/]*$/, '') || '/'],
    ['os.memory.free', '245MB'],
    ['os.memory.max', '256MB'],
    ['os.memory.total', '256MB'],
  ];
}

function dirSize(zks: ZooKeeperServer, dir: string): number {
  return zks.ctx.disk.list(`${dir}/version-2/`).reduce((n, f) => n + (zks.ctx.disk.read(f)?.length ?? 0), 0);
}

/** The answer to a known four-letter word, as 3.8.0 prints it. */
export function fourLetterWord(zks: ZooKeeperServer, cmd: string, self: ServerCnxn): string {
  if (!isEnabled(zks.cfg.settings['4lw.commands.whitelist'], cmd))
    return `${cmd} is not executed because it is not in the whitelist.\n`;
  const notServing = 'This ZooKeeper instance is not currently serving requests\n';
  switch (cmd) {
    case 'ruok':
      return 'imok';
    case 'gtmk':
    case 'stmk':
      return String(TRACE_MASK);
    case 'envi':
      return `Environment:\n${environment(zks)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('')}`;
    case 'isro':
      return zks.running ? 'rw' : 'null';
  }
  if (!zks.running) return cmd === 'hash' ? notServing.trimEnd() : notServing;
  switch (cmd) {
    case 'srvr':
      return `Zookeeper version: ${ZK_VERSION}\n${serverStats(zks)}Node count: ${zks.tree.getNodeCount()}\n`;
    case 'stat': {
      const clients = connections(zks)
        .map((c) => `${c.dumpConnectionInfo(true)}\n`)
        .join('');
      return `Zookeeper version: ${ZK_VERSION}\nClients:\n${clients}\n${serverStats(zks)}Node count: ${zks.tree.getNodeCount()}\n`;
    }
    case 'cons':
      return `${connections(zks)
        .map((c) => `${c.dumpConnectionInfo(false)}\n`)
        .join('')}\n`;
    case 'crst':
      for (const c of zks.cnxns.values()) c.resetStats();
      return 'Connection stats reset.\n';
    case 'srst':
      zks.resetStats();
      return 'Server stats reset.\n';
    case 'conf': {
      const c = zks.cfg;
      return [
        `clientPort=${c.clientAddr.split(':').pop()}`,
        'secureClientPort=-1',
        `dataDir=${c.dataDir}/version-2`,
        `dataDirSize=${dirSize(zks, c.dataLogDir)}`,
        `dataLogDir=${c.dataLogDir}/version-2`,
        `dataLogSize=${dirSize(zks, c.dataDir)}`,
        `tickTime=${c.tickTime}`,
        `maxClientCnxns=${c.settings.maxClientCnxns ?? 60}`,
        `minSessionTimeout=${c.minSessionTimeout}`,
        `maxSessionTimeout=${c.maxSessionTimeout}`,
        'clientPortListenBacklog=-1',
        `serverId=${c.serverId}`,
        '',
      ].join('\n');
    }
    case 'dirs':
      return `datadir_size: ${dirSize(zks, zks.cfg.dataLogDir)}\nlogdir_size: ${dirSize(zks, zks.cfg.dataDir)}\n`;
    case 'wchs':
      return `${zks.tree.dumpWatchesSummary()}\n`;
    case 'wchc':
      return `${zks.tree.dumpWatches(false)}\n`;
    case 'wchp':
      return `${zks.tree.dumpWatches(true)}\n`;
    case 'dump': {
      // ExpiryQueue.dump prints each bucket's (monotonic) time as Time.elapsedTimeToDate(time):
      // new Date(currentWallTime() + time - currentElapsedTime()).
      const wallMinusElapsed = Math.floor(zks.ctx.currentWallTime()) - Math.floor(zks.ctx.currentElapsedTime());
      const elapsedToDate = (t: number) => javaDate(wallMinusElapsed + t);
      let s = `SessionTracker dump:\nSession ${zks.sessionTracker.dumpSessions(elapsedToDate)}`;
      const sessions = zks.tree.getSessions();
      s += `ephemeral nodes dump:\nSessions with Ephemerals (${sessions.length}):\n`;
      for (const id of sessions) {
        s += `0x${id.toString(16)}:\n`;
        for (const p of zks.tree.getEphemerals(id)) s += `\t${p}\n`;
      }
      s += `Connections dump:\n${zks.dumpConnections(elapsedToDate)}`;
      return s;
    }
    case 'mntr':
      return monitorValues(zks, self, ZK_VERSION)
        .map(([k, v]) => `zk_${k}\t${v}\n`)
        .join('');
    case 'hash':
      // DataTree.getDigestLog: the digest is not computed by the simulator; nothing logged.
      return '';
    default:
      return '';
  }
}
