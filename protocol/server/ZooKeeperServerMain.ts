// ZooKeeperServerMain: a standalone server process. It reads zoo.cfg from its disk, builds a
// ZooKeeperServer over its dataDir, and serves the client port. (An ensemble member is a
// QuorumPeer instead.)
import type { Actor, ConnId, Context, Message } from '../actor.ts';
import { ConfigError, booleanProperty, clientAddressOf, parseZooCfg } from '../config/zoocfg.ts';
import type { ClientMessage } from '../proto.ts';
import { EpochFileError } from '../storage/EpochFiles.ts';
import { MissingSnapshotError } from '../storage/ZKDatabase.ts';
import { ZooKeeperServer, type ServerConfig } from './ZooKeeperServer.ts';

export interface ServerMainOptions {
  configPath: string;
  /** The host this process runs on (its client address uses it). */
  host: string;
}

export function serverConfigFrom(cfgText: string, serverId: number, clientAddr: string): ServerConfig {
  const cfg = parseZooCfg(cfgText);
  const settings: Record<string, string> = { ...cfg.extra, maxClientCnxns: String(cfg.maxClientCnxns) };
  return {
    serverId,
    tickTime: cfg.tickTime,
    minSessionTimeout: cfg.minSessionTimeout,
    maxSessionTimeout: cfg.maxSessionTimeout,
    dataDir: cfg.dataDir,
    dataLogDir: cfg.dataLogDir,
    clientAddr,
    snapCount: Number(cfg.extra.snapCount ?? cfg.extra['zookeeper.snapCount'] ?? 100_000),
    // ZooKeeperServer.getSnapSizeInBytes: zookeeper.snapSizeLimitInKb, 4 GB by default; <= 0 off.
    snapSizeInBytes:
      Number(cfg.extra.snapSizeLimitInKb ?? cfg.extra['zookeeper.snapSizeLimitInKb'] ?? 4_194_304) * 1024,
    extendedTypesEnabled: (cfg.extra.extendedTypesEnabled ?? cfg.extra['zookeeper.extendedTypesEnabled']) === 'true',
    enforceQuota: (cfg.extra.enforceQuota ?? cfg.extra['zookeeper.enforceQuota']) === 'true',
    clientTcpKeepAlive: booleanProperty(cfg, 'clientTcpKeepAlive'),
    settings,
  };
}

export class ZooKeeperServerMain implements Actor {
  zks: ZooKeeperServer | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly options: ServerMainOptions,
  ) {}

  start(): void {
    const text = this.ctx.disk.read(this.options.configPath);
    try {
      if (text === undefined) throw new ConfigError('config', `${this.options.configPath} does not exist`);
      const cfg = parseZooCfg(text);
      if (cfg.clientPort === undefined) throw new ConfigError('clientPort', 'is not set');
      const addr = `${cfg.clientPortAddress ?? this.options.host}:${cfg.clientPort}`;
      this.zks = new ZooKeeperServer(this.ctx.scope('zks'), serverConfigFrom(text, 0, addr));
      void clientAddressOf;
      this.zks.startup();
    } catch (e) {
      if (e instanceof ConfigError || e instanceof EpochFileError) {
        this.ctx.exit(2, e.message);
        return;
      }
      if (e instanceof MissingSnapshotError) {
        // ZooKeeperServerMain: "Unable to load database on disk" → exit (ExitCode.UNEXPECTED_ERROR).
        this.ctx.exit(1, e.message);
        return;
      }
      throw e;
    }
  }

  onAccept(conn: ConnId, _local: string, remote: string): void {
    this.zks?.onAccept(conn, remote);
  }

  onMessage(conn: ConnId, msg: Message): void {
    this.zks?.cnxns.get(conn)?.onMessage(msg as ClientMessage);
  }

  onClose(conn: ConnId): void {
    this.zks?.cnxns.get(conn)?.onClosed();
  }
}
