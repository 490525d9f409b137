// zoo.cfg and myid, as ZooKeeper 3.8's QuorumPeerConfig reads them: key=value lines,
// '#' comments, server.N=host:quorumPort:electionPort[:participant|:observer][;clientAddr],
// peerType=observer. Every value is validated (zod); a bad file is one clear error naming
// the key.
import { z } from 'zod';

export type LearnerType = 'participant' | 'observer';

export interface ServerSpec {
  id: number;
  host: string;
  quorumPort: number;
  electionPort: number;
  type: LearnerType;
  clientAddr?: string;
}

export interface ZooCfg {
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  dataDir: string;
  dataLogDir: string;
  clientPort?: number;
  clientPortAddress?: string;
  maxClientCnxns: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  peerType: LearnerType;
  cnxTimeout: number;
  electionAlg: number;
  servers: ServerSpec[];
  /** Every other key, kept as written (4lw.commands.whitelist, autopurge.*, ...). */
  extra: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();

const known = {
  tickTime: positiveInt,
  initLimit: positiveInt,
  syncLimit: positiveInt,
  dataDir: z.string().min(1),
  dataLogDir: z.string().min(1),
  clientPort: port,
  clientPortAddress: z.string().min(1),
  maxClientCnxns: z.coerce.number().int().min(0),
  minSessionTimeout: z.coerce.number().int(),
  maxSessionTimeout: z.coerce.number().int(),
  peerType: z.enum(['participant', 'observer']),
  cnxTimeout: positiveInt,
  electionAlg: z.coerce
    .number()
    .int()
    .refine((v) => v === 3, 'only electionAlg=3 (FastLeaderElection) exists in 3.8'),
} as const;

const serverLine = /^([^:\s]+):(\d+):(\d+)(?::(participant|observer))?(?:;(.+))?$/;

function check<T>(key: string, schema: z.ZodType<T>, value: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConfigError(key, `${issue?.message ?? 'invalid value'} (got '${value}')`);
  }
  return r.data;
}

/** Parse zoo.cfg text. Throws ConfigError on the first bad key. */
export function parseZooCfg(text: string): ZooCfg {
  const raw = new Map<string, string>();
  const servers: ServerSpec[] = [];
  const extra: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new ConfigError(`line ${ln + 1}`, `expected key=value, got '${line}'`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key.startsWith('server.')) {
      const idText = key.slice('server.'.length);
      if (!/^\d+$/.test(idText)) throw new ConfigError(key, `server id must be a number`);
      const id = Number(idText);
      if (id < 0 || id > 255) throw new ConfigError(key, `server id must be in 0..255 (got ${id})`);
      const m = serverLine.exec(value);
      if (!m)
        throw new ConfigError(
          key,
          `expected host:quorumPort:electionPort[:observer|:participant][;clientAddr] (got '${value}')`,
        );
      const spec: ServerSpec = {
        id,
        host: m[1]!,
        quorumPort: check(key, port, m[2]!),
        electionPort: check(key, port, m[3]!),
        type: (m[4] as LearnerType | undefined) ?? 'participant',
      };
      if (m[5]) spec.clientAddr = m[5].includes(':') ? m[5] : `0.0.0.0:${m[5]}`;
      if (servers.some((s) => s.id === id)) throw new ConfigError(key, `server ${id} is defined twice`);
      servers.push(spec);
      continue;
    }
    if (raw.has(key)) throw new ConfigError(key, 'defined twice');
    raw.set(key, value);
  }
  const get = <K extends keyof typeof known>(k: K): z.output<(typeof known)[K]> | undefined => {
    const v = raw.get(k);
    return v === undefined ? undefined : check(k, known[k] as unknown as z.ZodType<z.output<(typeof known)[K]>>, v);
  };
  for (const [k, v] of raw) if (!(k in known)) extra[k] = v;

  const tickTime = get('tickTime') ?? 3000;
  const dataDir = get('dataDir');
  if (dataDir === undefined) throw new ConfigError('dataDir', 'is not set');
  const cfg: ZooCfg = {
    tickTime,
    initLimit: get('initLimit') ?? 10,
    syncLimit: get('syncLimit') ?? 5,
    dataDir,
    dataLogDir: get('dataLogDir') ?? dataDir,
    maxClientCnxns: get('maxClientCnxns') ?? 60,
    minSessionTimeout: get('minSessionTimeout') ?? tickTime * 2,
    maxSessionTimeout: get('maxSessionTimeout') ?? tickTime * 20,
    peerType: get('peerType') ?? 'participant',
    cnxTimeout: get('cnxTimeout') ?? 5000,
    electionAlg: get('electionAlg') ?? 3,
    servers: servers.sort((a, b) => a.id - b.id),
    extra,
  };
  const clientPort = get('clientPort');
  if (clientPort !== undefined) cfg.clientPort = clientPort;
  const clientPortAddress = get('clientPortAddress');
  if (clientPortAddress !== undefined) cfg.clientPortAddress = clientPortAddress;
  if (cfg.minSessionTimeout > cfg.maxSessionTimeout) {
    throw new ConfigError(
      'minSessionTimeout',
      `must not be larger than maxSessionTimeout (${cfg.minSessionTimeout} > ${cfg.maxSessionTimeout})`,
    );
  }
  if (servers.length > 0) {
    if (cfg.clientPort === undefined && servers.some((s) => !s.clientAddr)) {
      throw new ConfigError('clientPort', 'is not set (and not every server line names a client address)');
    }
    const voters = servers.filter((s) => s.type === 'participant');
    if (voters.length === 0) throw new ConfigError('server.N', 'no voting (participant) server is defined');
    const seen = new Map<string, string>();
    for (const s of servers) {
      for (const p of [s.quorumPort, s.electionPort]) {
        const a = `${s.host}:${p}`;
        const prev = seen.get(a);
        if (prev) throw new ConfigError(`server.${s.id}`, `address ${a} is also used by ${prev}`);
        seen.set(a, `server.${s.id}`);
      }
    }
  } else if (cfg.clientPort === undefined) {
    throw new ConfigError('clientPort', 'is not set');
  }
  return cfg;
}

/**
 * A boolean system property set in zoo.cfg: QuorumPeerConfig.parseProperties makes every key it
 * does not know the system property `zookeeper.<key>`, and the code reads it with
 * Boolean.getBoolean (true only for "true", any case; anything else, or unset, is false).
 */
export function booleanProperty(cfg: Pick<ZooCfg, 'extra'>, key: string): boolean {
  const v = cfg.extra[key] ?? cfg.extra[`zookeeper.${key}`];
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

/** The myid file: one server id, nothing else. */
export function parseMyid(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new ConfigError('myid', `expected a server id, got '${text.trim().slice(0, 40)}'`);
  return Number(t);
}

/** Check that myid names a server of the config. Returns its spec. */
export function selfSpec(cfg: ZooCfg, myid: number): ServerSpec {
  const s = cfg.servers.find((x) => x.id === myid);
  if (!s)
    throw new ConfigError('myid', `${myid} is not one of the servers (${cfg.servers.map((x) => x.id).join(', ')})`);
  if (cfg.peerType === 'observer' && s.type !== 'observer') {
    throw new ConfigError('peerType', `is observer but server.${myid} is not marked :observer`);
  }
  return s;
}

export function clientAddressOf(cfg: ZooCfg, s: ServerSpec): string {
  if (s.clientAddr) return s.clientAddr.startsWith('0.0.0.0:') ? `${s.host}:${s.clientAddr.slice(8)}` : s.clientAddr;
  return `${cfg.clientPortAddress ?? s.host}:${cfg.clientPort}`;
}
