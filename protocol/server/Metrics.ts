// mntr (MonitorCommand) of 3.8.0: ZooKeeperServer.dumpMonitorValues (version, server_state), then
// ServerMetrics' DefaultMetricsProvider dump: gauges, counters, basic summaries (avg/min/max/cnt/
// sum), summaries (with p50/p95/p99/p999) and the per-namespace summary sets. The provider keeps
// each kind in a ConcurrentHashMap, so the order is that of the hash table over 3.8.0's metric
// names: the tables below are that order (as a standalone 3.8.0 server prints it).
//
// ServerMetrics holds what the pipeline records. Counts and sizes are kept as 3.8.0 keeps them;
// timings are what the simulated clock measured (they will not match a real server's).
import type { ServerCnxn } from './ServerCnxn.ts';
import type { ZooKeeperServer } from './ZooKeeperServer.ts';
import { javaStringHash } from '../datatree/JavaHashSet.ts';

const GAUGES = [
  'ephemerals_count',
  'num_alive_connections',
  'avg_latency',
  'outstanding_requests',
  'znode_count',
  'global_sessions',
  'non_mtls_remote_conn_count',
  'last_client_response_size',
  'packets_sent',
  'packets_received',
  'max_client_response_size',
  'connection_drop_probability',
  'watch_count',
  'auth_failed_count',
  'min_latency',
  'max_file_descriptor_count',
  'approximate_data_size',
  'open_file_descriptor_count',
  'local_sessions',
  'uptime',
  'max_latency',
  'outstanding_tls_handshake',
  'min_client_response_size',
  'non_mtls_local_conn_count',
];
const COUNTERS = [
  'proposal_count',
  'watch_bytes',
  'outstanding_changes_removed',
  'throttled_ops',
  'stale_requests_dropped',
  'large_requests_rejected',
  'insecure_admin_count',
  'connection_rejected',
  'cnxn_closed_without_zk_server_running',
  'sessionless_connections_expired',
  'looking_count',
  'dead_watchers_queued',
  'stale_requests',
  'connection_drop_count',
  'learner_proposal_received_count',
  'digest_mismatches_count',
  'dead_watchers_cleared',
  'response_packet_cache_hits',
  'bytes_received_count',
  'add_dead_watcher_stall_time',
  'request_throttle_wait_count',
  'requests_not_forwarded_to_commit_processor',
  'response_packet_cache_misses',
  'ensemble_auth_success',
  'prep_processor_request_queued',
  'learner_commit_received_count',
  'stale_replies',
  'connection_request_count',
  'response_bytes',
  'ensemble_auth_fail',
  'diff_count',
  'response_packet_get_children_cache_misses',
  'connection_revalidate_count',
  'quit_leading_due_to_disloyal_voter',
  'snap_count',
  'unrecoverable_error_count',
  'unsuccessful_handshake',
  'commit_count',
  'stale_sessions_expired',
  'response_packet_get_children_cache_hits',
  'sync_processor_request_queued',
  'outstanding_changes_queued',
  'request_commit_queued',
  'ensemble_auth_skip',
  'skip_learner_request_to_next_processor_count',
  'tls_handshake_exceeded',
  'revalidate_count',
];
const BASIC_SUMMARIES = [
  'socket_closing_time',
  'proposal_process_time',
  'leader_unavailable_time',
  'node_created_watch_count',
  'session_queues_drained',
  'write_commit_proc_req_queued',
  'connection_token_deficit',
  'read_commit_proc_req_queued',
  'node_deleted_watch_count',
  'startup_txns_load_time',
  'sync_processor_queue_size',
  'follower_sync_time',
  'prep_processor_queue_size',
  'fsynctime',
  'inflight_snap_count',
  'reads_issued_from_session_queue',
  'learner_request_processor_queue_size',
  'snapshottime',
  'unavailable_time',
  'startup_txns_loaded',
  'reads_after_write_in_session_queue',
  'requests_in_session_queue',
  'write_commit_proc_issued',
  'prep_process_time',
  'pending_session_queue_size',
  'time_waiting_empty_pool_in_commit_processor_read_ms',
  'commit_process_time',
  'dbinittime',
  'inflight_diff_count',
  'netty_queued_buffer_capacity',
  'election_time',
  'commit_commit_proc_req_queued',
  'sync_processor_batch_size',
  'node_children_watch_count',
  'write_batch_time_in_commit_processor',
  'read_commit_proc_issued',
  'concurrent_request_processing_in_commit_processor',
  'observer_sync_time',
  'node_changed_watch_count',
  'sync_process_time',
  'startup_snap_load_time',
];
const SUMMARIES = [
  'prep_processor_queue_time_ms',
  'jvm_pause_time_ms',
  'close_session_prep_time',
  'read_commitproc_time_ms',
  'updatelatency',
  'local_write_committed_time_ms',
  'request_throttle_queue_time_ms',
  'readlatency',
  'quorum_ack_latency',
  'om_commit_process_time_ms',
  'read_final_proc_time_ms',
  'commit_propagation_latency',
  'dead_watchers_cleaner_latency',
  'write_final_proc_time_ms',
  'proposal_ack_creation_latency',
  'proposal_latency',
  'om_proposal_process_time_ms',
  'sync_processor_queue_and_flush_time_ms',
  'propagation_latency',
  'server_write_committed_time_ms',
  'sync_processor_queue_time_ms',
  'sync_processor_queue_flush_time_ms',
  'write_commitproc_time_ms',
];

/** AvgMinMaxCounter (and the percentile variant): what a summary has seen since the last reset. */
class Summary {
  count = 0;
  sum = 0;
  min = Number.MAX_SAFE_INTEGER;
  max = Number.MIN_SAFE_INTEGER;
  readonly samples: number[] = [];

  add(v: number): void {
    const x = Math.floor(v);
    this.count++;
    this.sum += x;
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);
    if (this.samples.length < 1028) this.samples.push(x);
  }

  /** AvgMinMaxCounter.values: avg rounded to 4 places (a double), the rest longs (0 when empty). */
  values(name: string, percentiles: boolean): [string, string][] {
    const n = this.count;
    const avg = n === 0 ? 0 : Math.round((this.sum / n) * 10000) / 10000;
    const out: [string, string][] = [
      [`avg_${name}`, javaDouble(avg)],
      [`min_${name}`, String(n === 0 ? 0 : this.min)],
      [`max_${name}`, String(n === 0 ? 0 : this.max)],
      [`cnt_${name}`, String(n)],
      [`sum_${name}`, String(this.sum)],
    ];
    if (percentiles) {
      const sorted = [...this.samples].sort((a, b) => a - b);
      const q = (p: number) =>
        sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
      out.push(
        [`p50_${name}`, String(q(0.5))],
        [`p95_${name}`, String(q(0.95))],
        [`p99_${name}`, String(q(0.99))],
        [`p999_${name}`, String(q(0.999))],
      );
    }
    return out;
  }
}

function javaDouble(v: number): string {
  const s = String(v);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** ServerMetrics of 3.8.0: counters, summaries and the per-namespace sets, by their mntr names. */
export class ServerMetrics {
  private readonly counters = new Map<string, number>();
  private readonly summaries = new Map<string, Summary>();
  private readonly sets = new Map<string, Map<string, Summary>>([
    ['read_per_namespace', new Map()],
    ['write_per_namespace', new Map()],
  ]);

  add(counter: string, n = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + n);
  }

  sample(summary: string, v: number): void {
    let s = this.summaries.get(summary);
    if (!s) this.summaries.set(summary, (s = new Summary()));
    s.add(v);
  }

  /** SummarySet.add(key, v): read/write_per_namespace by top-level znode name. */
  sampleSet(set: 'read_per_namespace' | 'write_per_namespace', key: string, v: number): void {
    const m = this.sets.get(set)!;
    let s = m.get(key);
    if (!s) m.set(key, (s = new Summary()));
    s.add(v);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  /** MetricsProvider.resetAllValues (srst). */
  reset(): void {
    this.counters.clear();
    this.summaries.clear();
    for (const m of this.sets.values()) m.clear();
  }

  summaryValues(name: string, percentiles: boolean): [string, string][] {
    return (this.summaries.get(name) ?? new Summary()).values(name, percentiles);
  }

  /** The summary sets: read_per_namespace before write_per_namespace, keys in hash-table order. */
  setValues(): [string, string][] {
    const out: [string, string][] = [];
    for (const [set, m] of this.sets) {
      for (const key of chmOrder([...m.keys()])) out.push(...m.get(key)!.values(`${key}_${set}`, false));
    }
    return out;
  }
}

/** ConcurrentHashMap iteration order of a few String keys (table of 16, grown at 3/4 full). */
function chmOrder(keys: string[]): string[] {
  let cap = 16;
  while (keys.length >= cap * 0.75) cap *= 2;
  const idx = (k: string) => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & 0x7fffffff & (cap - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: idx(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}

/** ZooKeeperServer.registerMetrics' gauges. */
function gauge(zks: ZooKeeperServer, name: string): string {
  const s = zks.stats;
  const r = zks.responseSizes;
  switch (name) {
    case 'ephemerals_count':
      return String(zks.tree.getEphemeralsCount());
    case 'num_alive_connections':
      return String(zks.cnxns.size);
    case 'avg_latency':
      return javaDouble(s.count === 0 ? 0 : Math.round((s.totalLatency / s.count) * 10000) / 10000);
    case 'min_latency':
      return String(s.count === 0 ? 0 : Math.floor(s.minLatency));
    case 'max_latency':
      return String(Math.floor(s.maxLatency));
    case 'outstanding_requests':
      return String(zks.sync.pending());
    case 'znode_count':
      return String(zks.tree.getNodeCount());
    case 'global_sessions':
      return String(zks.sessionTracker.sessions.size);
    case 'last_client_response_size':
      return String(r.last);
    case 'min_client_response_size':
      return String(r.min);
    case 'max_client_response_size':
      return String(r.max);
    case 'packets_sent':
      return String(s.packetsSent);
    case 'packets_received':
      return String(s.packetsReceived);
    case 'connection_drop_probability':
      return '0.0';
    case 'watch_count': {
      const w = zks.tree.watchManagers;
      return String(w.data.getWatchesSummary().totalWatches + w.child.getWatchesSummary().totalWatches);
    }
    case 'approximate_data_size':
      return String(zks.tree.approximateDataSize());
    case 'uptime':
      // ServerStats.getUptime: Time.currentElapsedTime() - startTime.
      return String(Math.floor(zks.ctx.currentElapsedTime() - zks.startedAt));
    // The simulated JVM: Debian's default limits.
    case 'max_file_descriptor_count':
      return '20000';
    case 'open_file_descriptor_count':
      return String(32 + zks.cnxns.size);
    default:
      // auth_failed_count (Netty only), local_sessions, non_mtls_*, outstanding_tls_handshake
      return '0';
  }
}

/** The mntr lines: [key without zk_, value]. */
export function monitorValues(zks: ZooKeeperServer, _self: ServerCnxn, version: string): [string, string][] {
  const m = zks.metrics;
  return [
    ['version', version],
    ['server_state', zks.mode],
    ...GAUGES.map((g): [string, string] => [g, gauge(zks, g)]),
    ...COUNTERS.map((c): [string, string] => [c, String(m.counter(c))]),
    ...BASIC_SUMMARIES.flatMap((b) => m.summaryValues(b, false)),
    ...SUMMARIES.flatMap((b) => m.summaryValues(b, true)),
    ...m.setValues(),
  ];
}
