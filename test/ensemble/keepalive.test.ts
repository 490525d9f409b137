// tcpKeepAlive (zoo.cfg / zookeeper.tcpKeepAlive, off by default; QuorumCnxManager.setSockOpts)
// puts SO_KEEPALIVE on the election sockets. After an election those connections sit idle, so
// a silent cut between two followers is noticed by nothing — TCP retransmits only data it has
// sent — until keepalive gives up: Linux's 7200 s idle + 9 probes × 75 s (7875 s). Without the
// option the dead connection stays open as long as nobody writes to it.
import { describe, expect, it } from 'vitest';
import { booleanProperty, parseZooCfg } from '../../protocol/config/zoocfg.ts';
import { installServer, nodeName, zooCfgText } from '../../scenarios/ensemble.ts';
import { KEEPALIVE_GIVE_UP_MS } from '../../sim/engine/network.ts';
import { World } from '../../sim/engine/world.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { SimClient } from '../../sim/harness/client-driver.ts';

// biome-ignore lint/suspicious/noExplicitAny: any kind's fields
type Ev = { t: number; k: string; n?: string; [field: string]: any };

const CUT_MS = 5000;

/** 3 servers; once elected, the two followers' link is cut silently both ways. */
function cutFollowers(extraCfg: string, untilMs: number) {
  const world = new World(1);
  const roles = new RoleTracker();
  const events: Ev[] = [];
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    events.push(e as Ev);
  });
  const shape = { servers: 3, tickTime: 2000, initLimit: 10, syncLimit: 5 };
  for (let sid = 1; sid <= 3; sid++) installServer(world, sid, zooCfgText(shape, sid) + extraCfg);
  for (let sid = 1; sid <= 3; sid++) world.start(nodeName(sid));
  world.run({ untilMs: CUT_MS });
  const leader = roles.leader()!;
  const [a, b] = ['s1', 's2', 's3'].filter((n) => n !== leader) as [string, string];
  world.net.block(a, b);
  world.net.block(b, a);
  world.run({ untilMs });
  // The followers' election connection: the one conn event both of them opened to each other.
  const electionConnClosed = events.filter(
    (e) => e.k === 'conn' && e.what === 'close' && (e.n === a || e.n === b) && e.peer === (e.n === a ? b : a),
  );
  return { events, leader, electionConnClosed, roles };
}

describe('tcpKeepAlive: SO_KEEPALIVE on the election sockets (QuorumCnxManager.setSockOpts)', () => {
  it('reads as Boolean.getBoolean does: "true" in any case, as tcpKeepAlive or zookeeper.tcpKeepAlive', () => {
    const cfg = (line: string) => parseZooCfg(`dataDir=/d\nclientPort=2181\n${line}\n`);
    expect(booleanProperty(cfg('tcpKeepAlive=true'), 'tcpKeepAlive')).toBe(true);
    expect(booleanProperty(cfg('zookeeper.tcpKeepAlive=TRUE'), 'tcpKeepAlive')).toBe(true);
    expect(booleanProperty(cfg('tcpKeepAlive=yes'), 'tcpKeepAlive')).toBe(false);
    expect(booleanProperty(cfg('clientTcpKeepAlive=true'), 'tcpKeepAlive')).toBe(false);
    expect(booleanProperty(cfg('clientTcpKeepAlive=true'), 'clientTcpKeepAlive')).toBe(true);
  });

  it('on: an idle election connection across a silent cut fails once keepalive gives up (7875 s idle); off: it stays open', () => {
    const until = CUT_MS + KEEPALIVE_GIVE_UP_MS + 600_000;
    const on = cutFollowers('tcpKeepAlive=true\n', until);
    expect(on.electionConnClosed.length).toBeGreaterThan(0);
    const first = on.electionConnClosed[0]!;
    expect(first.why).toBe('timeout');
    // Idle since before the cut (the election ended before CUT_MS): no sooner than 7875 s after
    // it, and within one probe round (75 s) of that after the cut.
    expect(first.t / 1000).toBeGreaterThanOrEqual(KEEPALIVE_GIVE_UP_MS);
    expect(first.t / 1000).toBeLessThanOrEqual(CUT_MS + KEEPALIVE_GIVE_UP_MS + 75_000);
    // The ensemble serves on: the cut was between the followers only.
    expect(on.roles.leader()).toBe(on.leader);

    const off = cutFollowers('', until);
    expect(off.electionConnClosed).toEqual([]);
    expect(off.roles.leader()).toBe(off.leader);
  });
});

describe('clientTcpKeepAlive: SO_KEEPALIVE on the server end of client connections (NIOServerCnxn)', () => {
  /** The keepalive flags [dialer, acceptor] of c1's connection to its server, and of the quorum's. */
  async function flags(extraCfg: string) {
    const world = new World(1);
    const shape = { servers: 3, tickTime: 2000, initLimit: 10, syncLimit: 5 };
    for (let sid = 1; sid <= 3; sid++) installServer(world, sid, zooCfgText(shape, sid) + extraCfg);
    for (let sid = 1; sid <= 3; sid++) world.start(nodeName(sid));
    world.run({ untilMs: 3000 });
    const c = new SimClient(world, 'c1', 'localhost:2182', 6000);
    await c.open();
    // biome-ignore lint/suspicious/noExplicitAny: the net's connection table, read for the test
    const conns = [...((world.net as any).conns as Map<number, any>).values()].filter(
      (k) => k.established && k.open[0],
    );
    const client = conns.find((k) => k.ends[0] === 'c1')!;
    const quorum = conns.filter((k) => k.ends[0] !== 'c1');
    return { client: client.keepAlive as boolean[], quorum: quorum.map((k) => k.keepAlive as boolean[]) };
  }

  it('on: the server end only (the client library never sets it); off by default; tcpKeepAlive does not touch client sockets', async () => {
    expect((await flags('clientTcpKeepAlive=true\n')).client).toEqual([false, true]);
    expect((await flags('')).client).toEqual([false, false]);
    const quorumOnly = await flags('tcpKeepAlive=true\n');
    expect(quorumOnly.client).toEqual([false, false]);
    // The election connections have it on both ends; the Zab (learner) connections do not
    // (Learner.createSocket and the LearnerCnxAcceptor set no keepalive).
    expect(quorumOnly.quorum.filter((k) => k[0] && k[1]).length).toBe(3);
    expect(quorumOnly.quorum.filter((k) => !k[0] && !k[1]).length).toBe(2);
  });
});
