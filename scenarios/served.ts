// The ensemble behind `zksim serve`: servers from zoo.cfg texts (given with --config, or made
// for --servers N [--observers K]: the docs' pseudo-cluster layout with clientPort 2181, 2182,
// ... so a real client's connect string is 127.0.0.1:2181,127.0.0.1:2182,...), or one standalone
// server. The texts are data: a serve record file carries them, so a replay builds the same world.
import type { BugId } from '../protocol/bugs.ts';
import { clientAddressOf, parseZooCfg } from '../protocol/config/zoocfg.ts';
import type { World } from '../sim/engine/world.ts';
import { installServer, nodeName } from './ensemble.ts';
import { installStandalone } from './standalone.ts';

/** One server's config: sid 0 is a standalone server. */
export interface ServedConfig {
  sid: number;
  /** Where it came from (a path, or "generated"). */
  source: string;
  text: string;
}

export interface ServedServer {
  sid: number;
  node: string;
  /** The simulated client address ("localhost:2181"). */
  clientAddr: string;
  /** Its clientPort: the real port it is served on, unless told otherwise. */
  clientPort: number;
  observer: boolean;
}

/** zoo.cfg of server sid of `servers` voters and `observers` observers (clientPort 2180 + sid). */
export function servedCfgText(servers: number, observers: number, sid: number): string {
  const lines = [
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    `dataDir=/var/lib/zookeeper/zoo${sid}`,
    `clientPort=${2180 + sid}`,
    '4lw.commands.whitelist=*',
  ];
  if (sid > servers) lines.push('peerType=observer');
  for (let i = 1; i <= servers + observers; i++)
    lines.push(`server.${i}=localhost:${2887 + i}:${3887 + i}${i > servers ? ':observer' : ''}`);
  return `${lines.join('\n')}\n`;
}

export function servedConfigs(servers: number, observers: number): ServedConfig[] {
  const out: ServedConfig[] = [];
  for (let sid = 1; sid <= servers + observers; sid++)
    out.push({ sid, source: 'generated', text: servedCfgText(servers, observers, sid) });
  return out;
}

/** Add the servers to the world (not started). */
export function installServed(world: World, configs: readonly ServedConfig[], bugs: readonly BugId[]): ServedServer[] {
  return configs.map((c) => {
    const cfg = parseZooCfg(c.text);
    if (c.sid === 0) {
      const addr = installStandalone(world, c.text);
      return { sid: 0, node: 'zk', clientAddr: addr, clientPort: cfg.clientPort ?? 2181, observer: false };
    }
    installServer(world, c.sid, c.text, cfg.dataDir, bugs);
    const spec = cfg.servers.find((s) => s.id === c.sid)!;
    const addr = clientAddressOf(cfg, spec);
    return {
      sid: c.sid,
      node: nodeName(c.sid),
      clientAddr: addr,
      clientPort: Number(addr.slice(addr.lastIndexOf(':') + 1)),
      observer: spec.type === 'observer',
    };
  });
}
