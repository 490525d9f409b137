// Data-driven protocol tests, as etcd-io/raft's rafttest does them: every test/protocol/testdata/*.txt
// is a script of commands, each followed by the output it must print (cockroachdb/datadriven
// format, see datadriven.ts). `ZKSIM_REWRITE=1 npx vitest run test/protocol` (or
// ZKSIM_UPDATE_GOLDEN=1, as the other golden files) writes the outputs the commands print now;
// review the diff like any golden file: every line must be right ZooKeeper 3.8 behaviour.
//
// Zxids are written 0x100000005 (as ZooKeeper prints them) or epoch.counter (1.5); ranges of one
// epoch 1.1-1.8. Servers are s1..sN. Events print as canonical lines (reports/event-line.ts).
//
// A whole ensemble (world-commands.ts):
//   ensemble servers=N [observers=K] [tickTime=2000] [initLimit=10] [syncLimit=5] [seed=1]
//            [bug=ZK-NNNN | bug=(ZK-A,ZK-B)] [latency=1] [fsync=1] [fsync-log=MS] [fsync-snapshot=MS]
//       A new world: the servers' zoo.cfg and myid (scenarios/ensemble.ts's layout), every
//       checker attached; links of `latency` ms and fsyncs of `fsync` ms, both without jitter;
//       the txn log's and the snapshots' fsyncs may take their own time (their own device).
//   history sN log=(1.1-1.8,2.1) [snap=1.6|none] [files=(1.5)] [accepted=E|none] [current=E|none]
//            [current.tmp=E]
//       The server's disk as a past run left it: those txns logged (each creates /hE.C), a
//       snapshot of the txns up to snap (the log then keeps only those after it; without snap
//       the snapshot.0 of its first start; none: no snapshot), a new log file at each zxid of
//       files, the epoch files (default: the last txn's epoch). Prints the disk (as `disk`).
//   start s1 s2 ... | start all  [gap=MS]      start them in this order, gap ms apart, from now
//   crash sN ... | restart sN ... | pause sN ... | resume sN ...     that fault, now
//   fault            input: fault JSON, one per line (or a {"faults": [...]} plan), the schema
//                    of sim/faults/plan.ts: `at` (absolute ms; now if neither at nor on) or a
//                    step trigger `on` {event, node, where, nth, delayMs} (sim/faults/triggers.ts)
//   client cN server=sN | servers=(s1,s2) [timeout=30000]   a client process opening a session
//   create cN PATH [data=v] [mode=persistent|ephemeral|...] [wait]
//   set cN PATH [data=v] [version=-1] [wait] | delete cN PATH [wait] | get cN PATH [watch] [wait]
//   exists cN PATH [watch] [wait]
//       issue the call (watch: the session's default watcher watches the path); with `wait`,
//       run until it is answered and print the answer
//   run for=MS                              run the world for MS of simulated time
//   run until=KIND [node=sN|leader|follower|syncing-follower|observer] [nth=1] [max=120000]
//       [FIELD=VALUE ...]                   run until the nth event of that kind on that node
//                                           with every field (dotted path: msg.type) equal;
//                                           prints the event
//   trace [kinds=(fle.*,state)] [nodes=(s1,-)] [types=(NEWLEADER,ACK)] [from=MS] [all] [keep]
//       the events since the last `trace` (all: since the start; from: none before MS) of those
//       kinds (default: all but send, recv, conn, disk, timer), on those nodes, sends/receipts
//       of those types; keep: the next `trace` starts where this one did
//   roles                                   each server's role, leader, epochs and last zxid
//   disk sN [durable]                       its epoch files, snapshots and log files
//   empty-snapshots sN                      its snapshot files emptied (a full disk), durably
//   committed-log sN                        its committedLog and last processed zxid
//   log sN [durable]                        its txn log, one txn a line
//   tree sN                                 its data tree (/zookeeper left out)
//   check                                   end the run, print every checker's verdict
//   rerun bug=off | bug=ZK-NNNN             the commands since `ensemble` again, in a new
//                                           world with these bugs (outputs discarded); the
//                                           commands after it (check, trace) see that world
//
// LearnerHandler.syncFollower as a table (sync-commands.ts):
//   leader log=(1.1-1.8) [snap=1.6] [files=(1.5)] [committed=N]   the leader's database, loaded
//                                                   from that disk (committed=N: the committedLog
//                                                   keeps N txns; its log files and their lengths,
//                                                   the txn log size limit)
//   sync peer=ZXID [bug=ZK-1154|ZK-2846]            the decision, its packets, where it leaves
//                                                   the learner
//
// One QuorumPeer (its QuorumCnxManager and FastLeaderElection) stepped one input at a time
// through a recording context that prints what it sent, the timers it set, its trace events
// (actor-commands.ts, recording-context.ts):
//   peer sN servers=3 [observers=K] [log=(...)] [accepted=E] [current=E] [bug=ZK-NNNN]
//   start | connected sM | refused sM | accept sM | hello sM | closed sM | link sM ...
//   notify sM leader=L zxid=Z round=R [state=LOOKING] [epoch=E] | fire TAG
//   fsync-done [all] [file=NAME]
//   timers
// The last set-up command (ensemble, leader, peer) decides which of the three command sets the
// commands after it belong to.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkerNames } from '../../sim/checkers/index.ts';
import { BUG_CATALOG } from '../../sim/harness/bugs.ts';
import { Args, type Directive, ScriptError, parseScript, readScript, rewriteScript } from './datadriven.ts';
import { ACTOR_COMMANDS, type ActorSession } from './actor-commands.ts';
import { SYNC_COMMANDS, type SyncSession } from './sync-commands.ts';
import { type CommandContext, NOT_REPLAYED, WORLD_COMMANDS, type WorldSession } from './world-commands.ts';

const dir = join(import.meta.dirname, 'testdata');
const rewrite = process.env.ZKSIM_REWRITE === '1' || process.env.ZKSIM_UPDATE_GOLDEN === '1';

/** Run one script: every directive's output, in order. */
function runScript(file: string, directives: Directive[]): string[] {
  let world: WorldSession | undefined;
  const ctx: CommandContext = {
    get world() {
      return world;
    },
    setWorld(s) {
      world = s;
    },
    exec(d) {
      execute(d);
    },
  };
  const sync: SyncSession = { db: undefined };
  const actor: ActorSession = { ctx: undefined, peer: undefined, me: 0, servers: 0 };
  // The last set-up command (ensemble, leader, peer) decides whose commands follow.
  let mode: 'world' | 'sync' | 'actor' = 'world';
  const execute = (d: Directive): string => {
    const where = `${file}:${d.line}`;
    if (d.cmd === 'ensemble') mode = 'world';
    else if (d.cmd === 'leader') mode = 'sync';
    else if (d.cmd === 'peer') mode = 'actor';
    if (mode === 'sync') {
      const syncCmd = SYNC_COMMANDS[d.cmd];
      if (!syncCmd) throw new ScriptError(`${where}: unknown command '${d.cmd}' after 'leader'`);
      return syncCmd(new Args(d, where), d, sync);
    }
    if (mode === 'actor') {
      const actorCmd = ACTOR_COMMANDS[d.cmd];
      if (!actorCmd) throw new ScriptError(`${where}: unknown command '${d.cmd}' after 'peer'`);
      return actorCmd(new Args(d, where), d, actor);
    }
    const cmd = WORLD_COMMANDS[d.cmd];
    if (!cmd) throw new ScriptError(`${where}: unknown command '${d.cmd}'`);
    const out = cmd(new Args(d, where), d, ctx);
    if (!NOT_REPLAYED.has(d.cmd)) world?.replayable.push(d);
    return out;
  };
  return directives.map(execute);
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('data-driven protocol scripts (test/protocol/testdata)', () => {
  it('there are scripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (name) => {
    const path = join(dir, name);
    const { directives, trailer } = parseScript(readScript(path), name);
    const outputs = runScript(name, directives);
    if (rewrite) {
      rewriteScript(path, directives, outputs, trailer);
      return;
    }
    directives.forEach((d, j) => {
      expect(outputs[j]!.replace(/\s+$/, ''), `${name}:${d.line}: ${d.cmd}`).toBe(d.expected);
    });
  });
});

describe('every catalog bug has its step-triggered script', () => {
  it.each(BUG_CATALOG.map((b) => [b.id, [b.expectedChecker, ...(b.alsoFoundBy ?? [])].join('|')] as const))(
    '%s: testdata/zk-NNNN.txt runs it with the bug on, %s fires, and with it off every checker passes',
    (id, checker) => {
      const name = `${id.toLowerCase()}.txt`;
      expect(files, `test/protocol/testdata/${name}`).toContain(name);
      const { directives } = parseScript(readScript(join(dir, name)), name);
      const ensemble = directives.find((d) => d.cmd === 'ensemble')!;
      expect(ensemble.args.find((a) => a.key === 'bug')?.vals).toEqual([id]);
      expect(directives.some((d) => d.cmd === 'fault' && d.input.includes('"on"'))).toBe(true);
      const rerun = directives.findIndex((d) => d.cmd === 'rerun');
      expect(directives[rerun]!.args).toEqual([{ key: 'bug', vals: ['off'] }]);
      const checks = directives.map((d, j) => ({ d, j })).filter((x) => x.d.cmd === 'check');
      const before = checks.filter((x) => x.j < rerun);
      const after = checks.filter((x) => x.j > rerun);
      expect(before.at(-1)!.d.expected.split('\n')[0]).toMatch(new RegExp(`^(${checker}): FAIL `));
      expect(after.at(-1)!.d.expected).toBe(`every checker ok (${checkerNames.length})`);
    },
  );
});
