// mntr (MonitorCommand): the server's monitor values, then every metric of ServerMetrics.
import type { ServerCnxn } from './ServerCnxn.ts';
import type { ZooKeeperServer } from './ZooKeeperServer.ts';

export function monitorValues(zks: ZooKeeperServer, _self: ServerCnxn): [string, string | number][] {
  const s = zks.stats;
  const w = zks.tree.getWatchesSummary();
  return [
    ['version', '3.8.0'],
    ['server_state', zks.mode],
    ['avg_latency', s.count === 0 ? 0 : Math.round((s.totalLatency / s.count) * 1000) / 1000],
    ['packets_received', s.packetsReceived],
    ['packets_sent', s.packetsSent],
    ['num_alive_connections', zks.cnxns.size],
    ['znode_count', zks.tree.getNodeCount()],
    ['watch_count', w.totalWatches],
    ['ephemerals_count', zks.tree.getEphemeralsCount()],
    ['approximate_data_size', zks.tree.approximateDataSize()],
    ['global_sessions', zks.sessionTracker.sessions.size],
  ];
}
