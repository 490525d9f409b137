// A standalone server (Mode: standalone), as in the docs' first steps (seed 000: conf/zoo.cfg
// with tickTime=2000, dataDir=/var/lib/zookeeper, clientPort=2181), and clients beside it.
import { parseZooCfg } from '../protocol/config/zoocfg.ts';
import { ZooKeeperServerMain } from '../protocol/server/ZooKeeperServerMain.ts';
import type { World } from '../sim/engine/world.ts';

// The four-letter words are whitelisted (3.8 answers only srvr without 4lw.commands.whitelist),
// as in the zoo.cfg the reference transcripts were recorded with.
export const STANDALONE_CFG = 'tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n4lw.commands.whitelist=*\n';

export const STANDALONE_NODE = 'zk';

/** Add a standalone server node with this zoo.cfg on its disk; returns its client address. */
export function installStandalone(world: World, cfgText = STANDALONE_CFG, node = STANDALONE_NODE): string {
  const cfg = parseZooCfg(cfgText);
  const path = 'conf/zoo.cfg';
  const host = cfg.clientPortAddress ?? '127.0.0.1';
  const n = world.addNode(node, (ctx) => new ZooKeeperServerMain(ctx, { configPath: path, host }));
  n.host = host;
  n.disk.seed(path, cfgText);
  return `${host}:${cfg.clientPort}`;
}
