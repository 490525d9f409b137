// Building an ensemble in the world: a zoo.cfg per server written to its disk with its myid,
// laid out like the pseudo-cluster of the docs (seed 000): server.N=localhost:266N:366N,
// clientPort 218N, dataDir /var/lib/zookeeper/zooN, tickTime=2000, initLimit=10, syncLimit=5.
import { parseZooCfg } from '../protocol/config/zoocfg.ts';
import { type BugId, IN_EVERY_RELEASE } from '../protocol/bugs.ts';
import { QuorumPeer } from '../protocol/server/QuorumPeer.ts';
import { encodeRecord } from '../protocol/storage/FileTxnLog.ts';
import { FileSnap } from '../protocol/storage/FileSnap.ts';
import { DataTree } from '../protocol/datatree/DataTree.ts';
import { makeZxid } from '../protocol/zxid.ts';
import { Ids } from '../protocol/data.ts';
import { OpCode } from '../protocol/server/txn.ts';
import type { World } from '../sim/engine/world.ts';

export interface EnsembleShape {
  /** Voting servers 1..servers. */
  servers: number;
  /** Observers servers+1..servers+observers. */
  observers?: number;
  tickTime?: number;
  initLimit?: number;
  syncLimit?: number;
  /** Historical bugs switched back on in every server (protocol/bugs.ts). */
  bugs?: readonly BugId[];
  /** More zoo.cfg lines (key=value), after clientPort. */
  extra?: readonly string[];
}

export function nodeName(sid: number): string {
  return `s${sid}`;
}

export function configPath(sid: number): string {
  return `conf/zoo${sid}.cfg`;
}

export function dataDir(sid: number): string {
  return `/var/lib/zookeeper/zoo${sid}`;
}

/** The zoo.cfg text of server `sid` in an ensemble of this shape. */
export function zooCfgText(shape: EnsembleShape, sid: number): string {
  const total = shape.servers + (shape.observers ?? 0);
  const lines = [
    `tickTime=${shape.tickTime ?? 2000}`,
    `initLimit=${shape.initLimit ?? 10}`,
    `syncLimit=${shape.syncLimit ?? 5}`,
    `dataDir=${dataDir(sid)}`,
    `clientPort=${2181 + sid}`,
    ...(shape.extra ?? []),
  ];
  if (sid > shape.servers) lines.push('peerType=observer');
  for (let i = 1; i <= total; i++) {
    lines.push(`server.${i}=localhost:${2665 + i}:${3665 + i}${i > shape.servers ? ':observer' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Add servers 1..N (+ observers) to the world, not started, each with its config and myid on disk. */
export function installEnsemble(world: World, shape: EnsembleShape): number[] {
  const total = shape.servers + (shape.observers ?? 0);
  const sids: number[] = [];
  for (let sid = 1; sid <= total; sid++) {
    const text = zooCfgText(shape, sid);
    parseZooCfg(text); // the scenario's own config must be valid
    installServer(world, sid, text, dataDir(sid), shape.bugs);
    sids.push(sid);
  }
  return sids;
}

/** Add one server with the given zoo.cfg text (validated by the server itself when it starts). */
export function installServer(
  world: World,
  sid: number,
  cfgText: string,
  dataDirPath = dataDir(sid),
  bugs: readonly BugId[] = IN_EVERY_RELEASE,
): void {
  const path = configPath(sid);
  const node = world.addNode(nodeName(sid), (ctx) => new QuorumPeer(ctx, { configPath: path, bugs: new Set(bugs) }));
  node.disk.seed(path, cfgText);
  node.disk.seed(`${dataDirPath}/myid`, `${sid}\n`);
}

/**
 * Give a server a history, as if it had run before: `count` txns of epoch `epoch` in its log,
 * acceptedEpoch/currentEpoch files saying `epoch`, and the snapshot.0 its first start wrote
 * (FileTxnSnapLog.restore; without a snapshot 3.8 refuses a log).
 */
export function seedHistory(world: World, sid: number, epoch: number, count: number): void {
  const disk = world.node(nodeName(sid)).disk;
  const dir = `${dataDir(sid)}/version-2`;
  let log = '';
  for (let c = 1; c <= count; c++) {
    const zxid = makeZxid(epoch, c);
    log += encodeRecord({
      hdr: { clientId: 0n, cxid: c, zxid, time: 1_000 * c, type: OpCode.create },
      txn: {
        type: OpCode.create,
        path: `/n${c}`,
        data: null,
        acl: Ids.OPEN_ACL_UNSAFE,
        ephemeral: false,
        parentCVersion: c,
      },
    });
  }
  disk.seed(`${dir}/log.${makeZxid(epoch, 1).toString(16)}`, log);
  disk.seed(`${dir}/snapshot.0`, FileSnap.text({ zxid: 0, sessions: [], tree: new DataTree().serialize() }));
  disk.seed(`${dir}/acceptedEpoch`, `${epoch}\n`);
  disk.seed(`${dir}/currentEpoch`, `${epoch}\n`);
}
