// The simulated servers behind `zksim cli`, `zksim 4lw` and `zksim status`: one standalone
// server (the default zoo.cfg of the docs, or a given one), or a pseudo-cluster from one
// zoo.cfg per server (seed 000's zoo1.cfg zoo2.cfg zoo3.cfg). Each config is validated first;
// a server's myid comes from <dataDir>/myid when that file exists here, else from the digits
// of the config's file name (zoo2.cfg → 2), else from the order given.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError, type ZooCfg, clientAddressOf, parseMyid, parseZooCfg } from '../../protocol/config/zoocfg.ts';
import { installServer, nodeName } from '../../scenarios/ensemble.ts';
import { STANDALONE_CFG, STANDALONE_NODE, installStandalone } from '../../scenarios/standalone.ts';
import { RoleTracker } from '../faults/roles.ts';
import { World } from '../engine/world.ts';
import { UsageError } from './args.ts';

export interface SimServer {
  sid: number;
  node: string;
  config: string;
  clientAddr: string;
}

export interface SimSetup {
  world: World;
  servers: SimServer[];
  /** A connect string naming every server. */
  connectString: string;
  ensemble: boolean;
  roles: RoleTracker;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--config: cannot read ${path}`);
  }
}

function parse(path: string, text: string): ZooCfg {
  try {
    return parseZooCfg(text);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

function myidOf(path: string, cfg: ZooCfg, position: number): number {
  const myidFile = `${cfg.dataDir}/myid`;
  if (existsSync(myidFile)) {
    try {
      return parseMyid(readFileSync(myidFile, 'utf8'));
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(`${myidFile}: ${e.message}`);
      throw e;
    }
  }
  const digits = /(\d+)\D*$/.exec(basename(path));
  if (digits) return Number(digits[1]);
  return cfg.servers[position]?.id ?? position + 1;
}

/** Build and start the simulated servers; for an ensemble, run until a leader serves. */
export function startSimServers(configPaths: readonly string[], seed: number): SimSetup {
  const world = new World(seed);
  const roles = new RoleTracker();
  world.trace.subscribe((e) => roles.onEvent(e));
  if (configPaths.length === 0) {
    const addr = installStandalone(world, STANDALONE_CFG);
    return boot(
      world,
      roles,
      [{ sid: 0, node: STANDALONE_NODE, config: '(default zoo.cfg)', clientAddr: addr }],
      false,
    );
  }
  const texts = configPaths.map((p) => ({ path: p, text: read(p) }));
  const cfgs = texts.map(({ path, text }) => ({ path, text, cfg: parse(path, text) }));
  const first = cfgs[0]!;
  if (first.cfg.servers.length <= 1) {
    if (cfgs.length > 1)
      throw new UsageError(
        `--config: ${first.path} is a standalone config; give one config, or one per server of an ensemble`,
      );
    const addr = installStandalone(world, first.text);
    return boot(world, roles, [{ sid: 0, node: STANDALONE_NODE, config: first.path, clientAddr: addr }], false);
  }
  if (cfgs.length !== first.cfg.servers.length) {
    throw new UsageError(
      `--config: ${first.path} lists ${first.cfg.servers.length} servers; give one config per server (got ${cfgs.length})`,
    );
  }
  const servers: SimServer[] = [];
  cfgs.forEach(({ path, text, cfg }, i) => {
    const sid = myidOf(path, cfg, i);
    const spec = cfg.servers.find((s) => s.id === sid);
    if (!spec)
      throw new UsageError(
        `${path}: myid ${sid} is not one of its servers (${cfg.servers.map((s) => s.id).join(', ')})`,
      );
    if (servers.some((s) => s.sid === sid)) throw new UsageError(`${path}: server ${sid} is given twice`);
    installServer(world, sid, text, cfg.dataDir);
    servers.push({ sid, node: nodeName(sid), config: path, clientAddr: clientAddressOf(cfg, spec) });
  });
  return boot(world, roles, servers, true);
}

function boot(world: World, roles: RoleTracker, servers: SimServer[], ensemble: boolean): SimSetup {
  for (const s of servers) world.start(s.node);
  if (ensemble)
    world.run({
      untilMs: 60_000,
      stopWhen: () => roles.leader() !== null && servers.every((s) => roles.role(s.node) !== 'looking'),
    });
  else world.run({ untilMs: 50 });
  for (const s of servers)
    if (!world.node(s.node).up) throw new UsageError(`the simulated server ${s.node} did not start (see ${s.config})`);
  // Let the learners finish syncing.
  world.run({ untilMs: world.nowMs + 1000 });
  return { world, servers, connectString: servers.map((s) => s.clientAddr).join(','), ensemble, roles };
}

/**
 * The servers of these zoo.cfg files, validated as startSimServers validates them, without
 * building anything: one standalone server (sid 0), or one per server of an ensemble.
 */
export function resolveConfigs(configPaths: readonly string[]): { sid: number; path: string; text: string }[] {
  const cfgs = configPaths.map((p) => {
    const text = read(p);
    return { path: p, text, cfg: parse(p, text) };
  });
  const first = cfgs[0]!;
  if (first.cfg.servers.length <= 1) {
    if (cfgs.length > 1)
      throw new UsageError(
        `--config: ${first.path} is a standalone config; give one config, or one per server of an ensemble`,
      );
    return [{ sid: 0, path: first.path, text: first.text }];
  }
  if (cfgs.length !== first.cfg.servers.length)
    throw new UsageError(
      `--config: ${first.path} lists ${first.cfg.servers.length} servers; give one config per server (got ${cfgs.length})`,
    );
  const out: { sid: number; path: string; text: string }[] = [];
  cfgs.forEach(({ path, text, cfg }, i) => {
    const sid = myidOf(path, cfg, i);
    if (!cfg.servers.some((s) => s.id === sid))
      throw new UsageError(
        `${path}: myid ${sid} is not one of its servers (${cfg.servers.map((s) => s.id).join(', ')})`,
      );
    if (out.some((s) => s.sid === sid)) throw new UsageError(`${path}: server ${sid} is given twice`);
    out.push({ sid, path, text });
  });
  return out;
}
