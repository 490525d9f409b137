// Four-letter words on the client port (ruok, srvr, stat, mntr, conf, cons, wchs, envi, ...),
// formatted as 3.8's FourLetterCommands print them.
import { hex } from '../data.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import type { ZooKeeperServer } from './ZooKeeperServer.ts';

/** The version string of the reference server (Debian's 3.8.0 build the fixtures were recorded on). */
export const ZK_VERSION = '3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC';

function latency(zks: ZooKeeperServer): string {
  const s = zks.stats;
  const min = s.count === 0 ? 0 : Math.round(s.minLatency);
  const avg = s.count === 0 ? 0 : s.totalLatency / s.count;
  return `${min}/${avg.toFixed(4).replace(/\.?0+$/, '') || '0'}/${Math.round(s.maxLatency)}`;
}

function serverStats(zks: ZooKeeperServer): string[] {
  return [
    `Latency min/avg/max: ${latency(zks)}`,
    `Received: ${zks.stats.packetsReceived}`,
    `Sent: ${zks.stats.packetsSent}`,
    `Connections: ${zks.cnxns.size}`,
    `Outstanding: ${zks.sync.pending()}`,
    `Zxid: ${hex(zks.zkDb.lastProcessedZxid)}`,
    `Mode: ${zks.mode}`,
    `Node count: ${zks.tree.getNodeCount()}`,
  ];
}

function cnxnLine(c: ServerCnxn, full: boolean): string {
  const base = ` /${c.remote}[${c.established ? 1 : 0}](queued=${c.outstanding},recved=${c.packetsReceived},sent=${c.packetsSent}`;
  if (!full) return `${base})`;
  return `${base},sid=${hex(c.sessionId)},lop=NA,est=${Math.floor(c.established_at)},to=${c.sessionTimeout},lzxid=${hex(c.lastZxid < 0 ? 0xffffffffffffffffn : c.lastZxid)},lresp=0,llat=0,minlat=0,avglat=0,maxlat=0)`;
}

export function fourLetterWord(zks: ZooKeeperServer, cmd: string, self: ServerCnxn): string {
  const others = [...zks.cnxns.values()];
  switch (cmd) {
    case 'ruok':
      return 'imok';
    case 'srvr':
      return `Zookeeper version: ${ZK_VERSION}\n${serverStats(zks).join('\n')}\n`;
    case 'stat':
      return `Zookeeper version: ${ZK_VERSION}\nClients:\n${others.map((c) => cnxnLine(c, false)).join('\n')}\n\n${serverStats(zks).join('\n')}\n`;
    case 'cons':
      return `${others.map((c) => cnxnLine(c, true)).join('\n')}\n\n`;
    case 'conf': {
      const c = zks.cfg;
      return [
        `clientPort=${c.clientAddr.split(':').pop()}`,
        'secureClientPort=-1',
        `dataDir=${c.dataDir}/version-2`,
        `dataDirSize=${dirSize(zks, c.dataDir)}`,
        `dataLogDir=${c.dataLogDir}/version-2`,
        `dataLogSize=${dirSize(zks, c.dataLogDir)}`,
        `tickTime=${c.tickTime}`,
        `maxClientCnxns=${c.settings.maxClientCnxns ?? 60}`,
        `minSessionTimeout=${c.minSessionTimeout}`,
        `maxSessionTimeout=${c.maxSessionTimeout}`,
        'clientPortListenBacklog=-1',
        `serverId=${c.serverId}`,
        '',
      ].join('\n');
    }
    case 'wchs': {
      const w = zks.tree.getWatchesSummary();
      return `${w.numConnections} connections watching ${w.numPaths} paths\nTotal watches:${w.totalWatches}\n`;
    }
    case 'envi':
      return [
        'Environment:',
        `zookeeper.version=${ZK_VERSION}`,
        'host.name=localhost',
        'java.version=17.0.15',
        'java.vendor=Debian',
        'os.name=Linux',
        `user.dir=${zks.cfg.dataDir}`,
        '',
      ].join('\n');
    case 'mntr': {
      const s = zks.stats;
      const w = zks.tree.getWatchesSummary();
      const rows: [string, string | number][] = [
        ['zk_version', ZK_VERSION],
        ['zk_server_state', zks.mode],
        ['zk_avg_latency', s.count === 0 ? 0 : Math.round((s.totalLatency / s.count) * 1000) / 1000],
        ['zk_max_latency', Math.round(s.maxLatency)],
        ['zk_min_latency', s.count === 0 ? 0 : Math.round(s.minLatency)],
        ['zk_packets_received', s.packetsReceived],
        ['zk_packets_sent', s.packetsSent],
        ['zk_num_alive_connections', zks.cnxns.size],
        ['zk_outstanding_requests', zks.sync.pending()],
        ['zk_znode_count', zks.tree.getNodeCount()],
        ['zk_watch_count', w.totalWatches],
        ['zk_ephemerals_count', zks.tree.getEphemeralsCount()],
        ['zk_approximate_data_size', zks.tree.approximateDataSize()],
        ['zk_open_file_descriptor_count', 0],
        ['zk_max_file_descriptor_count', 0],
        ['zk_global_sessions', zks.sessionTracker.sessions.size],
        ['zk_last_proposal_size', -1],
      ];
      return `${rows.map(([k, v]) => `${k}\t${v}`).join('\n')}\n`;
    }
    case 'dump': {
      const lines = ['SessionTracker dump:', `Session Sets (${zks.sessionTracker.dump().length})/(${zks.sessionTracker.sessions.size}):`];
      for (const b of zks.sessionTracker.dump()) {
        lines.push(`${b.sessions.length} expire at ${b.expiry}:`);
        for (const id of b.sessions) lines.push(`\t${hex(id)}`);
      }
      lines.push('ephemeral nodes dump:', `Sessions with Ephemerals (${zks.tree.getSessions().length}):`);
      for (const id of zks.tree.getSessions()) {
        lines.push(`${hex(id)}:`);
        for (const p of zks.tree.getEphemerals(id)) lines.push(`\t${p}`);
      }
      return `${lines.join('\n')}\n`;
    }
    default:
      void self;
      return `${cmd} is not executed because it is not in the whitelist.\n`;
  }
}

function dirSize(zks: ZooKeeperServer, dir: string): number {
  return zks.ctx.disk.list(`${dir}/version-2/`).reduce((n, f) => n + (zks.ctx.disk.read(f)?.length ?? 0), 0);
}
